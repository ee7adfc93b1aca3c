package com.batchtrain.runtime;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.runtime.staging.DatasetCache;
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
        "by train: for them this only checks that they exist."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:staged (or already staged)",
        "64:bad input: URI, option, no object at the URI",
        "65:bad data: a file fails its size or SHA256SUMS check, file:// dataset missing",
        "70:internal error (a bug)",
        "75:transient: storage unreachable, cache not writable, local I/O (retry)"})
final class StageCommand implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "URI", description = "dataset URI: a file or a directory/prefix, s3:// or file:// (env BT_DATA_URI)")
  String data;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "dataset cache directory (env BT_CACHE_DIR; default ~/.cache/batchtrain)")
  String cacheDir;

  @Override
  public Integer call() {
    Map<String, String> env = System.getenv();
    String field = "--data / " + JobEnv.DATA_URI;
    StorageUri source = StorageUri.parse(field, pick(data, env.get(JobEnv.DATA_URI)).orElseThrow(() ->
        new InvalidValueException(field, "the dataset URI (s3://bucket/prefix/ or file:///path)", null)));
    Path cache = pick(cacheDir, env.get(JobEnv.CACHE_DIR)).map(Path::of).orElse(JobEnv.defaultCacheDir());
    try (ObjectStore store = ObjectStores.open(source, env)) {
      System.out.println(new DatasetCache(store, cache).stage(source));
    }
    return ExitCode.SUCCESS.code();
  }

  private static Optional<String> pick(String option, String variable) {
    return Optional.ofNullable(option).filter(s -> !s.isBlank()).or(() -> Optional.ofNullable(variable).filter(s -> !s.isBlank()));
  }
}
