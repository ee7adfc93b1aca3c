package com.batchtrain.runtime;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.runtime.data.BadDataException;
import com.batchtrain.runtime.model.TrainingStoppedException;
import com.batchtrain.storage.DatasetIntegrityException;
import com.batchtrain.storage.ObjectNotFoundException;
import com.batchtrain.storage.StorageUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** The one place that maps failures to the contract's exit codes (docs/job-contract.md). */
public final class FailureExitCodes {
  private FailureExitCodes() {}

  public static ExitCode of(Throwable t) {
    // Wrappers (picocli's ExecutionException, reflection) hide the real failure one level down.
    Throwable e = t instanceof CommandLine.ExecutionException && t.getCause() != null ? t.getCause() : t;
    if (e instanceof InvalidValueException || e instanceof CommandLine.ParameterException
        || e instanceof ObjectNotFoundException) {
      return ExitCode.BAD_INPUT;
    }
    if (e instanceof BadDataException || e instanceof DatasetIntegrityException) {
      return ExitCode.BAD_DATA;
    }
    // Local I/O failures are the run directory or cache volume (EFS) misbehaving: worth a retry.
    if (e instanceof StorageUnavailableException || e instanceof TrainingStoppedException
        || e instanceof UncheckedIOException || e instanceof IOException) {
      return ExitCode.TRANSIENT;
    }
    return ExitCode.INTERNAL_ERROR;
  }
}
