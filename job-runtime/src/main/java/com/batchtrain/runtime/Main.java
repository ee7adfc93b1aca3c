package com.batchtrain.runtime;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.runtime.bench.BenchCommand;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The container entrypoint and the CLI local backend's launcher: {@code train}, {@code stage},
 * {@code generate-data}, {@code predict}, {@code bench}.
 */
@Command(
    name = "job-runtime",
    mixinStandardHelpOptions = true,
    version = "batchtrain job-runtime 0.1.0",
    description = "Trains one trial of a batchtrain sweep (TensorFlow Java) and publishes its results.",
    subcommands = {TrainCommand.class, StageCommand.class, GenerateDataCommand.class, PredictCommand.class, BenchCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success (trial published, dataset staged)",
        "64:bad input (job spec, hyperparameter, URI, option; access denied: job role/permissions)",
        "65:bad data (missing column, NaN, malformed CSV/TFRecord)",
        "70:internal error (a bug)",
        "75:transient (storage unreachable, SIGTERM after a final checkpoint): retry"})
public final class Main implements Runnable {
  static {
    // Trial plots render with AWT; headless must be set before anything touches AWT, and a JVM in a
    // container has no display. An explicit -Djava.awt.headless wins.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final FailureRecorder failures;

  Main() {
    this(FailureRecorder.disabled());
  }

  private Main(FailureRecorder failures) {
    this.failures = failures;
  }

  /** Where this process records why its attempt failed (commands set the definitive target). */
  FailureRecorder failures() {
    return failures;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: train, stage, generate-data, predict or bench");
  }

  public static void main(String[] args) {
    FailureRecorder failures = FailureRecorder.forProcess(System.getenv(), java.time.Clock.systemUTC());
    int code;
    try {
      code = run(failures, args);
    } catch (Throwable t) {
      // Errors (NoClassDefFoundError, OutOfMemoryError) bypass picocli's handler; they are still ours.
      LOG.error("internal error (exit {}): {}", ExitCode.INTERNAL_ERROR.code(), t.toString(), t);
      failures.failed(FailureExitCodes.reason(t));
      code = ExitCode.INTERNAL_ERROR.code();
    }
    // The failure's record (docs/job-contract.md): best effort, it never changes the exit code.
    failures.write(code);
    System.exit(code);
  }

  /** Runs a command in this JVM and returns its exit code; unlike {@link #main} it writes no failure record. */
  public static int run(String... args) {
    return run(FailureRecorder.disabled(), args);
  }

  private static int run(FailureRecorder failures, String... args) {
    CommandLine cl = new CommandLine(new Main(failures));
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println(ex.getMessage());
      c.usage(c.getErr());
      // The options did not parse: the record's place comes from the contract variables alone.
      failures.resolve(FailureRecorder.resolve(c == cl ? null : c.getCommandName(), name -> Optional.empty(), failures.env()));
      failures.failed(ex.getMessage());
      return ExitCode.BAD_INPUT.code();
    });
    cl.setExecutionStrategy(parsed -> {
      CommandLine.ParseResult command = parsed.subcommand();
      if (command != null) {
        failures.resolve(FailureRecorder.resolve(command.commandSpec().name(),
            name -> Optional.ofNullable(command.matchedOptionValue(name, (String) null)), failures.env()));
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      ExitCode code = FailureExitCodes.of(ex);
      if (code == ExitCode.INTERNAL_ERROR) {
        LOG.error("internal error (exit {}): {}", code.code(), ex.toString(), ex);
      } else {
        LOG.error("{} (exit {}): {}", code.name().toLowerCase(), code.code(), ex.getMessage());
      }
      failures.failed(FailureExitCodes.reason(ex));
      return code.code();
    });
    return cl.execute(args);
  }
}
