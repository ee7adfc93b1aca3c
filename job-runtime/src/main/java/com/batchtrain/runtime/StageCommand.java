package com.batchtrain.runtime;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.runtime.staging.DatasetCache;
import com.batchtrain.runtime.staging.SweepDatasetCheck;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fills the shared dataset cache once per sweep: on Batch the stage job runs this with {@code /static}
 * mounted read-write before the sweep's array job, whose trials mount it read-only and find the
 * dataset staged.
 */
@Command(
    name = "stage",
    mixinStandardHelpOptions = true,
    description = {
        "Stages a dataset into the cache directory (marker last, cross-process lock, SHA256SUMS checked when present)",
        "so that trial jobs read it without writing. Prints the staged directory. file:// datasets are read in place",
        "by train: for them this only checks that they exist.",
        "With a trials file (--trials / BT_TRIALS_URI, as the Batch stage job has) it then reads the whole dataset against",
        "the sweep's preset or model, staged now or before, and fails (65) when the trials could not train on it."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:staged (or already staged)",
        "64:bad input: URI, option, no object at the URI",
        "65:bad data: a file fails its size or SHA256SUMS check, file:// dataset missing, the data does not fit the sweep's model",
        "70:internal error (a bug)",
        "75:transient: storage unreachable, cache not writable, local I/O (retry)"})
final class StageCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "URI", description = "dataset URI: a file or a directory/prefix, s3:// or file:// (env BT_DATA_URI)")
  String data;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "dataset cache directory (env BT_CACHE_DIR; default ~/.cache/batchtrain)")
  String cacheDir;

  @Option(names = "--trials", paramLabel = "URI", description = "the sweep's trials file: check the staged dataset against its model (env BT_TRIALS_URI; default: stage only)")
  String trials;

  @Option(names = "--sweep-id", paramLabel = "ID", description = "the sweep staged for; must be the trials file's (env BT_SWEEP_ID)")
  String sweepId;

  @Override
  public Integer call() {
    Map<String, String> env = System.getenv();
    Optional<SweepDatasetCheck> check = pick(trials, env.get(JobEnv.TRIALS_URI))
        .map(t -> StorageUri.parse("--trials / " + JobEnv.TRIALS_URI, t))
        .map(uri -> SweepDatasetCheck.read(uri, pick(sweepId, env.get(JobEnv.SWEEP_ID)), u -> {
          try (ObjectStore s = ObjectStores.open(u, env)) {
            return s.read(u);
          }
        }));
    String field = "--data / " + JobEnv.DATA_URI;
    StorageUri source = pick(data, env.get(JobEnv.DATA_URI)).map(d -> StorageUri.parse(field, d))
        .or(() -> check.map(SweepDatasetCheck::dataUri))
        .orElseThrow(() -> new InvalidValueException(field, "the dataset URI (s3://bucket/prefix/ or file:///path)", null));
    Path cache = pick(cacheDir, env.get(JobEnv.CACHE_DIR)).map(Path::of).orElse(JobEnv.defaultCacheDir());
    try (ObjectStore store = ObjectStores.open(source, env)) {
      Path staged = new DatasetCache(store, cache).stage(source);
      System.out.println(staged);
      check.ifPresent(c -> c.check(staged));
    }
    return ExitCode.SUCCESS.code();
  }

  private static Optional<String> pick(String option, String variable) {
    return Optional.ofNullable(option).filter(s -> !s.isBlank()).or(() -> Optional.ofNullable(variable).filter(s -> !s.isBlank()));
  }
}
