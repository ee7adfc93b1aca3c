package com.batchtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.testsupport.batch.BatchEmulator;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A new user's first {@code --backend aws} commands, each missing one thing: every one ends with one
 * line naming what to set or run and the documented exit code (69: cannot work as configured, 75:
 * try again), never a stack trace, and nothing written or submitted. A dry run works before the
 * stack exists.
 */
class FirstContactTest {
  private static final String SPEC = """
      name: first-contact
      preset: calcloud-memory-bin
      data: %s
      objective: {metric: val_accuracy, goal: maximize}
      method: grid
      queue: cpu
      parameters:
        learning_rate: {values: [0.01, 0.02]}
        epochs: {value: 2}
      """;
  private static EmulatedAwsAccount aws;
  private static Path spec;

  @BeforeAll
  static void account() throws Exception {
    aws = EmulatedAwsAccount.get();
    spec = aws.spec("first-contact", SPEC.formatted("s3://" + aws.resultsBucket + "/data/calcloud/"));
  }

  @Test
  void withoutARegionItAsksForOne() throws Exception {
    Cli.Result r = aws.cli("no-region").withoutEnv("AWS_REGION").run("sweep", spec.toString());
    assertOneLine(r, 69, "no AWS region: pass --region R, set AWS_REGION, or give the profile a region (aws configure)");
  }

  @Test
  void withoutCredentialsItSaysHowToGetThem() throws Exception {
    Cli.Result r = aws.cli("no-credentials").withoutEnv("AWS_ACCESS_KEY_ID").withoutEnv("AWS_SECRET_ACCESS_KEY")
        .run("sweep", spec.toString());
    assertOneLine(r, 69, "no AWS credentials: run `aws configure` (or `aws sso login --profile P`) and pass --profile P");
  }

  @Test
  void expiredCredentialsAreToBeRefreshed() throws Exception {
    aws.emulator.caller("AKIAEXPIREDEXAMPLE", BatchEmulator.Caller.EXPIRED);
    Cli.Result r = aws.cli("expired").env("AWS_ACCESS_KEY_ID", "AKIAEXPIREDEXAMPLE").run("sweep", spec.toString());
    assertOneLine(r, 69, "the AWS credentials have expired: refresh them");
  }

  @Test
  void unknownCredentialsAreNamedAsSuch() throws Exception {
    Cli.Result r = aws.cli("unknown").env("AWS_ACCESS_KEY_ID", "AKIANOSUCHKEYEXAMPLE").run("sweep", spec.toString());
    assertOneLine(r, 69, "AWS does not recognize these credentials (InvalidClientTokenId): run `aws configure`");
  }

  @Test
  void accessDeniedNamesThePermissionsDocs() throws Exception {
    aws.emulator.caller("AKIADENIEDEXAMPLE", BatchEmulator.Caller.DENIED);
    Cli.Result r = aws.cli("denied").env("AWS_ACCESS_KEY_ID", "AKIADENIEDEXAMPLE").run("sweep", spec.toString());
    assertOneLine(r, 69, "DescribeStacks BatchTrain-Storage was refused (access denied): the caller needs the permissions");
  }

  @Test
  void aStackNotDeployedAsksForCdkDeploy() throws Exception {
    Cli.Result r = aws.cli("not-deployed").run("sweep", spec.toString(), "--stack-prefix", "Elsewhere");
    assertOneLine(r, 69, "stack Elsewhere-Storage is not deployed in this account and region: deploy infra/ (cdk deploy --all)");
    Cli.Result otherRegion = aws.cli("other-region").env("AWS_REGION", "eu-west-1").run("sweep", spec.toString());
    assertOneLine(otherRegion, 69, "stack BatchTrain-Storage is not deployed in this account and region");
  }

  @Test
  void anUnreachableEndpointIsWorthATryLater() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Cli.Result r = aws.cli("unreachable", "http://127.0.0.1:" + closed).run("sweep", spec.toString());
    assertOneLine(r, 75, "DescribeStacks BatchTrain-Storage: cannot reach AWS (");
    assertTrue(r.err().contains("Connection refused"), r.toString());
  }

  @Test
  void aDryRunBeforeTheStackExistsShowsEveryRequestWithPlaceholders() throws Exception {
    int before = aws.emulator.jobs().size();
    Cli.Result r = aws.cli("dry-run").withoutEnv("AWS_ACCESS_KEY_ID").withoutEnv("AWS_SECRET_ACCESS_KEY")
        .run("sweep", spec.toString(), "--stack-prefix", "NotYet", "--dry-run");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("placeholders naming the stack output each comes from"), r.out());
    assertTrue(r.out().contains("\"jobQueue\" : \"<CpuJobQueueArn of NotYet-Batch>\"")
        || r.out().contains("\"jobQueue\":\"<CpuJobQueueArn of NotYet-Batch>\""), r.out());
    assertTrue(r.out().contains("<StageJobDefinitionArn of NotYet-Batch>"), r.out());
    assertTrue(r.out().contains("s3://<ResultsBucketName of NotYet-Storage>/sweeps/"), r.out());
    assertTrue(r.out().contains("dry run: nothing was written or submitted"), r.out());
    assertFalse(r.out().contains("batchtrain-dry-run-results-bucket"), r.out());
    assertEquals(before, aws.emulator.jobs().size());
  }

  @Test
  void dataTheJobRolesCannotReadIsRefusedBeforeAnythingIsWritten() throws Exception {
    int before = aws.emulator.jobs().size();
    Path outside = aws.spec("outside", SPEC.formatted("s3://someone-elses-bucket/datasets/train.csv"));
    Cli.Result r = aws.cli("outside").run("sweep", outside.toString());
    assertOneLine(r, 64, "data: expected an s3:// dataset the job roles can read, under one of [s3://"
        + aws.resultsBucket + "/data/, " + EmulatedAwsAccount.DATA_SOURCE + "]");
    assertEquals(before, aws.emulator.jobs().size(), "nothing submitted");
    assertTrue(aws.s3.client().listObjectsV2(b -> b.bucket(aws.resultsBucket).prefix("sweeps/first-contact"))
        .contents().isEmpty(), "nothing written");
  }

  private static void assertOneLine(Cli.Result r, int exitCode, String expected) {
    assertEquals(exitCode, r.exitCode(), r.toString());
    List<String> lines = r.err().strip().lines().toList();
    assertEquals(1, lines.size(), "one line, no stack trace:\n" + r);
    assertTrue(lines.get(0).contains(expected), "expected '" + expected + "' in:\n" + r);
    assertFalse(r.err().contains("Exception:") && r.err().contains("\tat "), r.toString());
  }
}
