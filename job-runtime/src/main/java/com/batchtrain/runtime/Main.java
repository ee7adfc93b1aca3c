package com.batchtrain.runtime;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.runtime.bench.BenchCommand;
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

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: train, stage, generate-data, predict or bench");
  }

  public static void main(String[] args) {
    int code;
    try {
      code = run(args);
    } catch (Throwable t) {
      // Errors (NoClassDefFoundError, OutOfMemoryError) bypass picocli's handler; they are still ours.
      LOG.error("internal error (exit {}): {}", ExitCode.INTERNAL_ERROR.code(), t.toString(), t);
      code = ExitCode.INTERNAL_ERROR.code();
    }
    System.exit(code);
  }

  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler((ex, a) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println(ex.getMessage());
      c.usage(c.getErr());
      return ExitCode.BAD_INPUT.code();
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      ExitCode code = FailureExitCodes.of(ex);
      if (code == ExitCode.INTERNAL_ERROR) {
        LOG.error("internal error (exit {}): {}", code.code(), ex.toString(), ex);
      } else {
        LOG.error("{} (exit {}): {}", code.name().toLowerCase(), code.code(), ex.getMessage());
      }
      return code.code();
    });
    return cl.execute(args);
  }
}
