package com.batchtrain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureRecordTest {
  private static final Instant T = Instant.parse("2026-12-02T00:50:00.123Z");

  @Test
  void roundTripsWithClassAndSignalDerivedFromTheExitCode() {
    FailureRecord bad = FailureRecord.of(SweepId.of("s1"), Optional.of(TrialId.ofIndex(3)), 2, 65,
        "data.csv:8: column 'total_mb': expected a finite number, got 'NaN'", T, FailureRecord.Writer.JOB_RUNTIME);
    assertEquals(FailureRecord.FailureClass.BAD_DATA, bad.exitClass());
    assertEquals(null, bad.signal());
    assertEquals(bad, FailureRecord.fromJson(bad.toJson()));
    String json = new String(bad.toJson(), StandardCharsets.UTF_8);
    assertTrue(json.contains("\"exitClass\" : \"bad_data\""), json);
    assertTrue(json.contains("\"recordedBy\" : \"job-runtime\""), json);
    assertFalse(json.contains("signal"), "no signal for an exit: " + json);

    FailureRecord killed = FailureRecord.of(SweepId.of("s1"), Optional.of(TrialId.ofIndex(0)), 1, 137, null, T,
        FailureRecord.Writer.LOCAL_BACKEND);
    assertEquals(FailureRecord.FailureClass.KILLED, killed.exitClass());
    assertEquals(9, killed.signal());
    assertEquals("killed by signal 9", killed.reason(), "a missing reason says how it ended");
    assertEquals(killed, FailureRecord.fromJson(killed.toJson()));

    FailureRecord stage = FailureRecord.of(SweepId.of("s1"), Optional.empty(), 1, 64, "no object at s3://b/data/x/", T,
        FailureRecord.Writer.JOB_RUNTIME);
    assertTrue(stage.stage());
    assertFalse(new String(stage.toJson(), StandardCharsets.UTF_8).contains("trialId"));
    assertEquals(stage, FailureRecord.fromJson(stage.toJson()));
    assertEquals(FailureRecord.FailureClass.OTHER, FailureRecord.FailureClass.of(1));
    assertEquals(FailureRecord.FailureClass.TRANSIENT, FailureRecord.FailureClass.of(75));
    assertEquals(FailureRecord.FailureClass.INTERNAL_ERROR, FailureRecord.FailureClass.of(70));
    assertEquals(FailureRecord.FailureClass.BAD_INPUT, FailureRecord.FailureClass.of(64));
  }

  @Test
  void badDocumentsNameTheirField() {
    assertEquals("failure.attempt", field("""
        {"sweepId": "s1", "trialId": "t0000", "attempt": 0, "exitCode": 65, "reason": "x",
         "time": "2026-12-02T00:50:00Z", "recordedBy": "job-runtime"}"""));
    assertEquals("failure.exitClass", field("""
        {"sweepId": "s1", "attempt": 1, "exitCode": 65, "exitClass": "transient", "reason": "x",
         "time": "2026-12-02T00:50:00Z", "recordedBy": "job-runtime"}"""));
    assertEquals("failure.exitCode", field("""
        {"sweepId": "s1", "attempt": 1, "exitCode": 0, "reason": "x", "time": "2026-12-02T00:50:00Z", "recordedBy": "job-runtime"}"""));
    assertEquals("failure.signal", field("""
        {"sweepId": "s1", "attempt": 1, "exitCode": 137, "signal": 15, "reason": "x",
         "time": "2026-12-02T00:50:00Z", "recordedBy": "local-backend"}"""));
    assertEquals("failure.time", field("""
        {"sweepId": "s1", "attempt": 1, "exitCode": 65, "reason": "x", "time": "yesterday", "recordedBy": "job-runtime"}"""));
    assertEquals("failure.reason", field("""
        {"sweepId": "s1", "attempt": 1, "exitCode": 65, "reason": " \\n ", "time": "2026-12-02T00:50:00Z", "recordedBy": "job-runtime"}"""));
    assertEquals("failure.recordedBy", field("""
        {"sweepId": "s1", "attempt": 1, "exitCode": 65, "reason": "x", "time": "2026-12-02T00:50:00Z", "recordedBy": "me"}"""));
    assertEquals("failure", field("{not json"));
  }

  private static String field(String json) {
    return assertThrows(InvalidValueException.class, () -> FailureRecord.fromJson(json.getBytes(StandardCharsets.UTF_8))).field();
  }

  @Test
  void reasonsAreTheFirstLineCutTo300Characters() {
    assertEquals("java.lang.IllegalStateException: boom", FailureRecord.sanitize(
        "\n  \njava.lang.IllegalStateException: boom\n\tat com.batchtrain.runtime.Main.run(Main.java:10)\n"));
    assertEquals("a b", FailureRecord.sanitize("a\tb\r\nsecond"));
    String longer = "x".repeat(500);
    String cut = FailureRecord.sanitize(longer);
    assertEquals(FailureRecord.MAX_REASON_LENGTH, cut.length());
    assertTrue(cut.endsWith("\u2026"), cut);
    // A record read back with a long or multi-line reason is normalised the same way.
    FailureRecord r = FailureRecord.of(SweepId.of("s1"), Optional.empty(), 1, 70, longer + "\nmore", T, FailureRecord.Writer.JOB_RUNTIME);
    assertEquals(cut, r.reason());
  }

  @Test
  void secretLookingValuesAreRedacted() {
    String s = FailureRecord.sanitize("GET https://b.s3.amazonaws.com/k?X-Amz-Security-Token=FwoGZXIvYXdzEJr&X-Amz-Signature=abc123"
        + " token=t0psecret secret='two words' Credential=AKIAIOSFODNN7EXAMPLE/20261202/us-east-1/s3/aws4_request");
    for (String secret : new String[] {"FwoGZXIvYXdzEJr", "abc123", "t0psecret", "two words", "AKIAIOSFODNN7EXAMPLE"}) {
      assertFalse(s.contains(secret), secret + " in " + s);
    }
    assertTrue(s.contains("X-Amz-Security-Token=[redacted]"), s);
    assertTrue(s.contains("token=[redacted]"), s);

    assertEquals("key [redacted] and [redacted]", FailureRecord.sanitize(
        "key ASIAY34FZKBOKMUTVV7A and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    assertEquals("{\"aws_secret_access_key\": \"[redacted]\", \"region\": \"eu-west-1\"}",
        FailureRecord.sanitize("{\"aws_secret_access_key\": \"abc/def+ghi\", \"region\": \"eu-west-1\"}"));
    assertEquals("cannot reach https://user:[redacted]@proxy.example:3128/", FailureRecord.sanitize(
        "cannot reach https://user:hunter2@proxy.example:3128/"));
    // Ordinary messages are left alone: paths, digests, prose about tokens.
    String plain = "data.csv:8: column 'total_mb': expected a finite number, got 'NaN';"
        + " sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 of s3://bucket/data/calcloud/part-0.csv;"
        + " ExpiredToken: The provided token has expired";
    assertEquals(plain, FailureRecord.sanitize(plain));
    // Scrubbed before it is cut: a secret at the end never survives in part.
    String tail = FailureRecord.sanitize("y".repeat(290) + " token=0123456789abcdef");
    assertFalse(tail.contains("0123"), tail);
  }

  @Test
  void theAttemptVariableDefaultsToOne() {
    assertEquals(1, JobEnv.attempt(java.util.Map.of()));
    assertEquals(3, JobEnv.attempt(java.util.Map.of(JobEnv.ATTEMPT, "3")));
    assertEquals(1, JobEnv.attempt(java.util.Map.of(JobEnv.ATTEMPT, "x")));
    assertEquals(1, JobEnv.attempt(java.util.Map.of(JobEnv.ATTEMPT, "0")));
  }
}
