package com.batchtrain.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The whole app synthesized into a temporary outdir the way {@code cdk synth} does it, with the
 * cdk.json context and the cdk-nag aspect. jsii start-up and synthesis take seconds, so the test
 * classes share one instance.
 */
final class SynthesizedApp {
  private static SynthesizedApp defaults;

  final App app;
  final Path outdir;
  final BatchTrainStacks stacks;
  /** The one synthesis, as {@code cdk synth} runs it (Annotations.fromStack would force another). */
  final CloudAssembly assembly;

  private SynthesizedApp(Map<String, Object> context, Map<String, String> environment) {
    try {
      outdir = Files.createTempDirectory("batchtrain-cdk-out");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    app = new App(AppProps.builder().outdir(outdir.toString()).context(context).build());
    stacks = BatchTrainApp.build(app, environment);
    assembly = app.synth();
  }

  /** The app with cdk.json's context and no CDK_DEFAULT_* variables: environment-agnostic. */
  static synchronized SynthesizedApp withDefaults() {
    if (defaults == null) {
      defaults = new SynthesizedApp(CdkJson.context(), Map.of());
    }
    return defaults;
  }

  /** cdk.json's context with {@code -c}-style overrides (string values, as the CLI passes them). */
  static SynthesizedApp withOverrides(Map<String, String> overrides, Map<String, String> environment) {
    Map<String, Object> context = CdkJson.context();
    context.putAll(overrides);
    return new SynthesizedApp(context, environment);
  }

  private final Map<String, Template> templates = new java.util.HashMap<>();

  Template network() {
    return template(stacks.network());
  }

  Template storage() {
    return template(stacks.storage());
  }

  Template registry() {
    return template(stacks.registry());
  }

  Template batch() {
    return template(stacks.batch());
  }

  synchronized Template template(software.amazon.awscdk.Stack stack) {
    return templates.computeIfAbsent(stack.getStackName(), name -> Template.fromStack(stack));
  }
}
