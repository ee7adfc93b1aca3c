package com.batchtrain.infra;

import java.util.Map;
import software.amazon.awscdk.App;

/** Entry point of the CDK app that cdk.json runs (through scripts/cdk-app). */
public final class BatchTrainApp {
  private BatchTrainApp() {}

  public static void main(String[] args) {
    App app = new App();
    try {
      build(app, System.getenv());
    } catch (InvalidContextException e) {
      System.err.println("Invalid CDK context: " + e.getMessage());
      System.exit(2);
    }
    app.synth();
  }

  /**
   * Parses the app's context and adds the stacks and the cdk-nag checks to it, exactly as
   * {@code cdk synth} does; tests call this with their own App and outdir.
   */
  public static BatchTrainStacks build(App app, Map<String, String> environment) {
    InfraConfig config = InfraConfig.parse(key -> app.getNode().tryGetContext(key), environment);
    BatchTrainStacks stacks = BatchTrainStacks.create(app, config);
    NagChecks.attach(app);
    return stacks;
  }
}
