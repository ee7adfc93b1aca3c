package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.runtime.data.BadDataException;
import com.batchtrain.runtime.model.TrainingStoppedException;
import com.batchtrain.storage.DatasetIntegrityException;
import com.batchtrain.storage.ObjectNotFoundException;
import com.batchtrain.storage.StorageAccessDeniedException;
import com.batchtrain.storage.StorageException;
import com.batchtrain.storage.StorageUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class FailureExitCodesTest {
  private static final StorageUri URI = StorageUri.parse("s3://bucket/key");

  @Test
  void eachFailureKindHasItsContractCode() {
    assertEquals(ExitCode.BAD_INPUT, FailureExitCodes.of(new InvalidValueException("f", "x", "y")));
    assertEquals(ExitCode.BAD_INPUT, FailureExitCodes.of(new ObjectNotFoundException(URI, null)));
    assertEquals(ExitCode.BAD_INPUT, FailureExitCodes.of(new StorageAccessDeniedException("read", URI, "403", null)));
    assertEquals(ExitCode.BAD_INPUT, FailureExitCodes.of(new picocli.CommandLine.ExecutionException(
        new picocli.CommandLine(new Main()), "wrapped", new StorageAccessDeniedException("write", URI, "EACCES", null))));
    assertEquals(ExitCode.BAD_DATA, FailureExitCodes.of(new BadDataException("d.csv:3: bad")));
    assertEquals(ExitCode.BAD_DATA, FailureExitCodes.of(new DatasetIntegrityException(URI, "sha256 mismatch")));
    assertEquals(ExitCode.TRANSIENT, FailureExitCodes.of(new StorageUnavailableException("timeout", null)));
    assertEquals(ExitCode.TRANSIENT, FailureExitCodes.of(new StorageException("cache is read-only")));
    assertEquals(ExitCode.TRANSIENT, FailureExitCodes.of(new TrainingStoppedException("SIGTERM")));
    assertEquals(ExitCode.TRANSIENT, FailureExitCodes.of(new UncheckedIOException(new IOException("EIO"))));
    assertEquals(ExitCode.INTERNAL_ERROR, FailureExitCodes.of(new IllegalStateException("bug")));
    assertEquals(ExitCode.INTERNAL_ERROR, FailureExitCodes.of(new NullPointerException()));
  }
}
