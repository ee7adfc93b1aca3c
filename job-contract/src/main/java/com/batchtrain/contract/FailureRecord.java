package com.batchtrain.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why one attempt of a trial (or of a sweep's dataset staging job) failed: the small record at
 * {@link ResultsLayout#trialFailure} / {@link ResultsLayout#stageFailure} that {@code status},
 * {@code results} and the report show next to the trial (docs/job-contract.md, "Failure records").
 *
 * <p>{@code reason} is one line of at most {@link #MAX_REASON_LENGTH} characters and never holds
 * secrets: every record is built through {@link #sanitize}, in the constructor, so a record read
 * back from a store is scrubbed the same way as one about to be written.
 *
 * @param trialId null for the staging job's records
 * @param signal the signal that ended the process ({@code exitCode - 128}) when {@code exitClass} is
 *     {@link FailureClass#KILLED}, else null
 * @param time when the attempt ended, an ISO-8601 instant
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailureRecord(
    @JsonProperty("sweepId") String sweepId,
    @JsonProperty("trialId") String trialId,
    @JsonProperty("attempt") int attempt,
    @JsonProperty("exitCode") int exitCode,
    @JsonProperty("exitClass") FailureClass exitClass,
    @JsonProperty("signal") Integer signal,
    @JsonProperty("reason") String reason,
    @JsonProperty("time") String time,
    @JsonProperty("recordedBy") Writer recordedBy) {

  /** The longest reason kept; longer ones are cut and end with an ellipsis. */
  public static final int MAX_REASON_LENGTH = 300;
  /** What replaces a value that looks like a secret. */
  public static final String REDACTED = "[redacted]";

  /** The exit class: the contract's exit code names, or how a process ended without one. */
  public enum FailureClass {
    BAD_INPUT("bad_input"),
    BAD_DATA("bad_data"),
    INTERNAL_ERROR("internal_error"),
    TRANSIENT("transient"),
    /** Exit status 128 + N: ended by signal N (SIGKILL from the OOM killer or a timeout, SIGTERM, a native crash). */
    KILLED("killed"),
    /** Any other non-zero status (e.g. 1 when the JVM itself could not start). */
    OTHER("other");

    private final String id;

    FailureClass(String id) {
      this.id = id;
    }

    @JsonValue
    public String id() {
      return id;
    }

    @JsonCreator
    public static FailureClass parse(String text) {
      for (FailureClass c : values()) {
        if (c.id.equals(text)) {
          return c;
        }
      }
      throw new InvalidValueException("failure.exitClass", "one of bad_input, bad_data, internal_error, transient, killed, other", text);
    }

    /** The class of a failed exit status (not 0). */
    public static FailureClass of(int exitCode) {
      if (exitCode <= 0 || exitCode > 255) {
        throw new InvalidValueException("failure.exitCode", "a failed exit status, 1..255", exitCode);
      }
      Optional<ExitCode> known = ExitCode.fromCode(exitCode);
      if (known.isPresent()) {
        return switch (known.get()) {
          case BAD_INPUT -> BAD_INPUT;
          case BAD_DATA -> BAD_DATA;
          case INTERNAL_ERROR -> INTERNAL_ERROR;
          case TRANSIENT -> TRANSIENT;
          // A command trainer's own failure: its reason says what failed.
          case FAILED -> OTHER;
          case SUCCESS -> throw new IllegalStateException("0 is no failure");
        };
      }
      return exitCode > 128 ? KILLED : OTHER;
    }
  }

  /** Who wrote the record. */
  public enum Writer {
    /** The job itself, before it exited (train or stage). */
    JOB_RUNTIME("job-runtime"),
    /** The CLI's local backend, for an attempt that ended without writing one (a signal, a crash). */
    LOCAL_BACKEND("local-backend");

    private final String id;

    Writer(String id) {
      this.id = id;
    }

    @JsonValue
    public String id() {
      return id;
    }

    @JsonCreator
    public static Writer parse(String text) {
      for (Writer w : values()) {
        if (w.id.equals(text)) {
          return w;
        }
      }
      throw new InvalidValueException("failure.recordedBy", "job-runtime or local-backend", text);
    }
  }

  @JsonCreator
  public FailureRecord {
    if (sweepId == null) {
      throw new InvalidValueException("failure.sweepId", "the sweep id", null);
    }
    SweepId.of(sweepId);
    if (trialId != null) {
      TrialId.of(trialId);
    }
    if (attempt < 1) {
      throw new InvalidValueException("failure.attempt", "an attempt number >= 1", attempt);
    }
    FailureClass expected = FailureClass.of(exitCode);
    if (exitClass == null) {
      exitClass = expected;
    } else if (exitClass != expected) {
      throw new InvalidValueException("failure.exitClass", "'" + expected.id() + "' for exit code " + exitCode, exitClass.id());
    }
    Integer expectedSignal = expected == FailureClass.KILLED ? exitCode - 128 : null;
    if (signal == null) {
      signal = expectedSignal;
    } else if (!signal.equals(expectedSignal)) {
      throw new InvalidValueException("failure.signal", expectedSignal == null ? "no signal for exit code " + exitCode
          : "signal " + expectedSignal + " for exit code " + exitCode, signal);
    }
    String given = reason;
    reason = sanitize(reason);
    if (reason.isEmpty()) {
      throw new InvalidValueException("failure.reason", "a one-line reason", given == null ? null : "");
    }
    if (time == null) {
      throw new InvalidValueException("failure.time", "an ISO-8601 instant such as 2026-12-02T00:50:00Z", null);
    }
    try {
      Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new InvalidValueException("failure.time", "an ISO-8601 instant such as 2026-12-02T00:50:00Z", time);
    }
    if (recordedBy == null) {
      throw new InvalidValueException("failure.recordedBy", "job-runtime or local-backend", null);
    }
  }

  /**
   * A record for a failed attempt; {@code rawReason} may be any message (several lines, secrets):
   * it is reduced to its first line and scrubbed. A blank one becomes a description of the exit.
   *
   * @param trial empty for the staging job
   */
  public static FailureRecord of(SweepId sweep, Optional<TrialId> trial, int attempt, int exitCode, String rawReason,
      Instant time, Writer writer) {
    FailureClass c = FailureClass.of(exitCode);
    String reason = rawReason == null || sanitize(rawReason).isEmpty()
        ? (c == FailureClass.KILLED ? "killed by signal " + (exitCode - 128) : "exit " + exitCode + " (" + c.id() + ")")
        : rawReason;
    return new FailureRecord(sweep.value(), trial.map(TrialId::value).orElse(null), attempt, exitCode, c, null, reason,
        time.toString(), writer);
  }

  public Instant instant() {
    return Instant.parse(time);
  }

  public boolean stage() {
    return trialId == null;
  }

  public byte[] toJson() {
    try {
      return ContractJson.mapper().writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static FailureRecord fromJson(byte[] json) {
    try {
      return ContractJson.mapper().readValue(json, FailureRecord.class);
    } catch (IOException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof InvalidValueException ive) {
          throw ive;
        }
      }
      throw new InvalidValueException("failure", "a valid failure record (" + firstLine(e.getMessage()) + ")", "unparseable document");
    }
  }

  // --- reasons: one line, no secrets ---------------------------------------------------------

  /** {@code name=value} where the name says it holds a secret (token=, secret=, X-Amz-Signature=, password=, ...). */
  private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
      "(?i)(\\b[a-z0-9_.-]*(?:secret|token|password|passwd|credential|signature|api[_-]?key|access[_-]?key)[a-z0-9_.-]*\\s*=\\s*)"
          + "(\"[^\"]*\"|'[^']*'|[^\\s&,;\"')]+)");
  /** The same in JSON: {@code "secretAccessKey": "..."}. */
  private static final Pattern SECRET_JSON_FIELD = Pattern.compile(
      "(?i)(\"[a-z0-9_.-]*(?:secret|token|password|passwd|credential|signature|api[_-]?key|access[_-]?key)[a-z0-9_.-]*\"\\s*:\\s*)"
          + "(\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s,}]+)");
  /** AWS access key ids (long-term AKIA, temporary ASIA, and the other IAM unique-id prefixes). */
  private static final Pattern ACCESS_KEY_ID = Pattern.compile(
      "\\b(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|AGPA|ABIA|ACCA)[A-Z0-9]{16}\\b");
  /** Password in a URL: {@code scheme://user:password@host}. */
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^/\\s:@]+:)([^/\\s@]+)(@)");
  /**
   * A run of 40 or more base64 characters: the length of a secret access key, and session tokens
   * are longer. Redacted only when it mixes upper case, lower case and digits, as random keys do
   * (hex digests and ordinary words do not).
   */
  private static final Pattern LONG_TOKEN = Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40,}={0,2}(?![A-Za-z0-9/+=])");

  /**
   * The first non-blank line of {@code text}, control characters turned into spaces, values that
   * look like secrets replaced by {@link #REDACTED}, cut to {@link #MAX_REASON_LENGTH} characters
   * (scrubbed before it is cut, so a cut never leaves half a secret behind). Never null.
   */
  public static String sanitize(String text) {
    if (text == null) {
      return "";
    }
    String line = "";
    for (String l : text.split("\\R")) {
      if (!l.isBlank()) {
        line = l;
        break;
      }
    }
    StringBuilder plain = new StringBuilder(line.length());
    line.codePoints().forEach(cp -> plain.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
    String s = plain.toString().strip();
    s = SECRET_ASSIGNMENT.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED));
    s = SECRET_JSON_FIELD.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\"" + REDACTED + "\""));
    s = ACCESS_KEY_ID.matcher(s).replaceAll(Matcher.quoteReplacement(REDACTED));
    s = URL_PASSWORD.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + REDACTED + m.group(3)));
    s = LONG_TOKEN.matcher(s).replaceAll(m -> Matcher.quoteReplacement(looksRandom(m.group()) ? REDACTED : m.group()));
    if (s.length() > MAX_REASON_LENGTH) {
      int cut = MAX_REASON_LENGTH - 1;
      if (Character.isHighSurrogate(s.charAt(cut - 1))) {
        cut--;
      }
      s = s.substring(0, cut) + "\u2026";
    }
    return s;
  }

  private static boolean looksRandom(String run) {
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (char c : run.toCharArray()) {
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      digit |= c >= '0' && c <= '9';
    }
    return upper && lower && digit;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
