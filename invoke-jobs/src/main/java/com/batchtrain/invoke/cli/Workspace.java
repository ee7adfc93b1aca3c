package com.batchtrain.invoke.cli;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.invoke.aws.AwsClients;
import com.batchtrain.invoke.aws.BatchJobs;
import com.batchtrain.invoke.aws.ComputeEnvironments;
import com.batchtrain.invoke.aws.ImageJobDefinitions;
import com.batchtrain.invoke.aws.StackResources;
import com.batchtrain.invoke.local.ExecutionStore;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.SweepStore;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import com.batchtrain.storage.S3Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** The stores and clients one command invocation works with, opened on first use and closed at the end. */
final class Workspace implements AutoCloseable {
  private static final String DEFAULT_LOCAL_RESULTS = "results";
  private final StoreOptions options;
  private final AwsClients clients;
  private StackResources stack;
  private ResultsLayout layout;
  private ObjectStore store;
  private BatchClient batch;
  private ComputeEnvironments environments;

  Workspace(StoreOptions options) {
    this.options = options;
    if (options.profile != null) {
      // The default credential chain reads the profile from here; it never travels as a secret.
      System.setProperty("aws.profile", options.profile);
    }
    this.clients = new AwsClients(Optional.ofNullable(options.region), Optional.ofNullable(options.awsEndpoint));
  }

  Optional<String> resultsOption() {
    return Optional.ofNullable(options.results);
  }

  SweepRecord.Backend backend() {
    return options.backend;
  }

  StackResources stack() {
    if (stack == null) {
      try (CloudFormationClient cfn = clients.cloudFormation()) {
        stack = StackResources.read(cfn, options.stackPrefix);
      }
    }
    return stack;
  }

  /** Uses {@code resources} in place of the deployed stack's outputs (a dry run before the stack exists); returns them. */
  StackResources assumeStack(StackResources resources) {
    this.stack = resources;
    return resources;
  }

  ResultsLayout layout() {
    if (layout == null) {
      StorageUri root;
      if (options.results != null) {
        String text = options.results;
        root = text.startsWith("s3://") || text.startsWith("file:")
            ? StorageUri.parse("--results", text)
            : StorageUri.ofPath(Path.of(text));
      } else if (options.backend == SweepRecord.Backend.AWS) {
        root = StorageUri.parse("results bucket", "s3://" + stack().resultsBucket() + "/");
      } else {
        root = StorageUri.ofPath(Path.of(DEFAULT_LOCAL_RESULTS));
      }
      layout = new ResultsLayout(root.asDirectory());
    }
    return layout;
  }

  /**
   * The S3 client settings: the job contract's variables first ({@code BT_S3_ENDPOINT},
   * {@code BT_S3_CHECKSUMS}, as a trial has them: the CLI runs inside a driver job too), then the
   * options, which win.
   */
  S3Settings s3Settings() {
    S3Settings s = S3Settings.fromEnvironment(System.getenv());
    if (options.s3Endpoint != null) {
      s = s.withEndpoint(options.s3Endpoint);
    }
    if (options.s3Checksums != null) {
      s = s.withChecksums(switch (options.s3Checksums.trim().toLowerCase()) {
        case "when_supported" -> S3Settings.Checksums.WHEN_SUPPORTED;
        case "when_required" -> S3Settings.Checksums.WHEN_REQUIRED;
        default -> throw new InvalidValueException("--s3-checksums", "when_supported or when_required", options.s3Checksums);
      });
    }
    if (options.region != null) {
      s = s.withRegion(options.region);
    }
    return s;
  }

  ObjectStore store() {
    if (store == null) {
      store = ObjectStores.open(layout().root(), s3Settings());
    }
    return store;
  }

  SweepStore sweeps() {
    return new SweepStore(store(), layout());
  }

  ExecutionStore executions() {
    return new ExecutionStore(store(), layout());
  }

  BatchJobs batchJobs() {
    return new BatchJobs(batch(), Clock.systemUTC());
  }

  /** The stack's compute environments as Batch describes them (read once per command). */
  ComputeEnvironments computeEnvironments() {
    if (environments == null) {
      environments = new ComputeEnvironments(batch());
    }
    return environments;
  }

  /** The job definitions a sweep of its own image runs on (copies of the stack's, registered on demand). */
  ImageJobDefinitions imageJobDefinitions() {
    return new ImageJobDefinitions(batch());
  }

  private BatchClient batch() {
    if (batch == null) {
      batch = clients.batch();
    }
    return batch;
  }

  /** Settings a local trial needs to reach the same store the CLI uses. */
  Map<String, String> trialEnvironment() {
    Map<String, String> env = new HashMap<>();
    if (options.s3Endpoint != null) {
      env.put(JobEnv.S3_ENDPOINT, options.s3Endpoint.toString());
    }
    if (options.s3Checksums != null) {
      env.put(JobEnv.S3_CHECKSUMS, options.s3Checksums.trim().toLowerCase());
    }
    if (options.profile != null) {
      env.put("AWS_PROFILE", options.profile);
    }
    if (options.region != null) {
      env.put(S3Settings.AWS_REGION, options.region);
    }
    return env;
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
    if (batch != null) {
      batch.close();
    }
  }
}
