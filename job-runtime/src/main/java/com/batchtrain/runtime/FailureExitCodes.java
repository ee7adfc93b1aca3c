package com.batchtrain.runtime;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.datasets.BadDataException;
import com.batchtrain.runtime.command.TrainerExitException;
import com.batchtrain.runtime.model.TrainingStoppedException;
import com.batchtrain.storage.DatasetIntegrityException;
import com.batchtrain.storage.ObjectNotFoundException;
import com.batchtrain.storage.StorageAccessDeniedException;
import com.batchtrain.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** The one place that maps failures to the contract's exit codes (docs/job-contract.md). */
public final class FailureExitCodes {
  private FailureExitCodes() {}

  public static ExitCode of(Throwable t) {
    // Wrappers (picocli's ExecutionException, reflection) hide the real failure one level down.
    Throwable e = t instanceof CommandLine.ExecutionException && t.getCause() != null ? t.getCause() : t;
    if (e instanceof TrainerExitException trainer) {
      return trainer.exitCode();
    }
    if (e instanceof InvalidValueException || e instanceof CommandLine.ParameterException
        || e instanceof ObjectNotFoundException) {
      return ExitCode.BAD_INPUT;
    }
    // S3 403 or a local EACCES/EPERM: the job role, a bucket or key policy, or file ownership is
    // wrong, and every retry would be refused the same way. It is configuration, so it is reported
    // as bad input (the message names the URI and says to check the role) and Batch does not retry.
    if (e instanceof StorageAccessDeniedException) {
      return ExitCode.BAD_INPUT;
    }
    if (e instanceof BadDataException || e instanceof DatasetIntegrityException) {
      return ExitCode.BAD_DATA;
    }
    // Other storage failures (a read-only cache, a dataset not staged yet) and local
    // I/O errors are the volumes (EFS) or the store misbehaving, not the job spec: a retry on
    // another host or after the staging job may succeed, and Batch bounds the attempts.
    if (e instanceof StorageException || e instanceof TrainingStoppedException
        || e instanceof UncheckedIOException || e instanceof IOException) {
      return ExitCode.TRANSIENT;
    }
    return ExitCode.INTERNAL_ERROR;
  }

  /**
   * The reason a failure's record gives (before {@link com.batchtrain.contract.FailureRecord#sanitize}
   * keeps its first line and scrubs it): the message that is logged with the exit code, or for a bug
   * (and a failure without a message) the exception's type and message, never its stack trace.
   */
  public static String reason(Throwable t) {
    Throwable e = t instanceof CommandLine.ExecutionException && t.getCause() != null ? t.getCause() : t;
    String message = e.getMessage();
    return of(e) == ExitCode.INTERNAL_ERROR || message == null || message.isBlank() ? e.toString() : message;
  }
}
