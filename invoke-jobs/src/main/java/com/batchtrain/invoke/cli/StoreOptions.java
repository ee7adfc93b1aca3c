package com.batchtrain.invoke.cli;

import com.batchtrain.contract.StackOutputs;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where sweeps live and how to reach AWS; shared by every command. */
final class StoreOptions {
  @Option(names = "--backend", paramLabel = "aws|local", defaultValue = "local",
      converter = BackendConverter.class,
      description = "Where trials run: local (this machine, the default) or aws (AWS Batch). For status,"
          + " results, cancel and resume it only says where to look for the results store; the sweep record"
          + " knows which backend ran it.")
  SweepRecord.Backend backend;

  @Option(names = "--results", paramLabel = "URI|DIR",
      description = "Results store: s3://bucket/prefix/, file:///dir/ or a directory. Default: ./results"
          + " for local, the deployed results bucket for aws.")
  String results;

  @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile of the default credential chain.")
  String profile;

  @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: the SDK's region chain).")
  String region;

  @Option(names = "--stack-prefix", paramLabel = "PREFIX", defaultValue = StackOutputs.DEFAULT_STACK_PREFIX,
      description = "Prefix of the deployed stack names (default: ${DEFAULT-VALUE}).")
  String stackPrefix;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "S3-protocol endpoint for the results store (S3Proxy, MinIO); path-style addressing.")
  URI s3Endpoint;

  @Option(names = "--s3-checksums", paramLabel = "MODE",
      description = "when_supported (SDK default) or when_required (some S3-protocol servers need it).")
  String s3Checksums;

  @Option(names = "--aws-endpoint", paramLabel = "URL",
      description = "Batch and CloudFormation endpoint override (an emulator or a test server).")
  URI awsEndpoint;
}
