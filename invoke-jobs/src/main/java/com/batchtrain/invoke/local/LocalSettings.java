package com.batchtrain.invoke.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where local trials keep their files and how many run at once.
 *
 * @param parallel trials at a time (the spec's max_parallel also applies)
 * @param cacheDir {@code BT_CACHE_DIR}: staged datasets, shared by all sweeps
 * @param checkpointRoot {@code BT_CHECKPOINT_ROOT}: run directories, kept so a re-run resumes from its checkpoint
 * @param logDir one log file per trial attempt
 * @param extraEnvironment passed to every trial as is (S3 endpoint settings, AWS profile and region)
 */
public record LocalSettings(int parallel, Path cacheDir, Path checkpointRoot, Path logDir, Map<String, String> extraEnvironment) {
  public LocalSettings {
    if (parallel < 1) {
      throw new com.batchtrain.contract.InvalidValueException("--parallel", "at least 1", parallel);
    }
    extraEnvironment = Map.copyOf(extraEnvironment);
  }
}
