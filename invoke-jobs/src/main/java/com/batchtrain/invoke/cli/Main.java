package com.batchtrain.invoke.cli;

import picocli.CommandLine;

/** Entry point of the invoke-jobs CLI. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // The CLI's own, quieter configuration; where the runtime is on this class path too (the tests),
    // its logback.xml would otherwise win. Trial JVMs keep the runtime's.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "invoke-jobs-logback.xml");
    }
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new InvokeJobsCommand());
    CliFailures failures = new CliFailures();
    cmd.setExecutionExceptionHandler(failures);
    cmd.setExitCodeExceptionMapper(failures);
    cmd.setParameterExceptionHandler(failures);
    return cmd;
  }
}
