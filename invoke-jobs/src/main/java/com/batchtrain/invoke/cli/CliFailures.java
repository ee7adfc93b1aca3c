package com.batchtrain.invoke.cli;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.datasets.BadDataException;
import com.batchtrain.invoke.aws.AwsTransientException;
import com.batchtrain.invoke.aws.BackendUnavailableException;
import com.batchtrain.invoke.local.RuntimeUnavailableException;
import com.batchtrain.storage.ObjectNotFoundException;
import com.batchtrain.storage.StorageAccessDeniedException;
import com.batchtrain.storage.StorageUnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** The one place where failures become messages and exit codes. */
final class CliFailures implements IExecutionExceptionHandler, IExitCodeExceptionMapper, IParameterExceptionHandler {

  @Override
  public int getExitCode(Throwable t) {
    return exit(t).code();
  }

  static CliExit exit(Throwable t) {
    if (t instanceof ParameterException || t instanceof InvalidValueException || t instanceof ObjectNotFoundException) {
      return CliExit.BAD_INPUT;
    }
    // The message names the file and line; the job would have exited 65 with the same one.
    if (t instanceof BadDataException) {
      return CliExit.BAD_DATA;
    }
    // Refused access (S3 403, local EACCES) is "access refused" in the CLI's codes: the same
    // principal gets the same answer on retry, so it is neither transient nor a bug.
    // The job runtime not built or not where BT_RUNTIME_CLASSPATH says: the arguments are fine (not
    // 64), a component the command needs is missing (sysexits' EX_UNAVAILABLE, as for a stack not
    // deployed), and a retry without building or setting it gets the same answer (not 75).
    if (t instanceof BackendUnavailableException || t instanceof StorageAccessDeniedException
        || t instanceof RuntimeUnavailableException) {
      return CliExit.UNAVAILABLE;
    }
    // Another driver runs the sweep: this one ends untouched, and can be run again once that one has.
    if (t instanceof StorageUnavailableException || t instanceof AwsTransientException
        || t instanceof com.batchtrain.invoke.drive.AnotherDriverException) {
      return CliExit.TRANSIENT;
    }
    return CliExit.INTERNAL;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    CliExit exit = exit(e);
    if (exit == CliExit.INTERNAL) {
      err.println("invoke-jobs: internal error (please report it): " + e);
      e.printStackTrace(err);
    } else {
      err.println("invoke-jobs " + cmd.getCommandName() + ": " + e.getMessage());
    }
    err.flush();
    return exit.code();
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("invoke-jobs " + cmd.getCommandName() + ": " + e.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
      err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
    }
    err.flush();
    return CliExit.BAD_INPUT.code();
  }
}
