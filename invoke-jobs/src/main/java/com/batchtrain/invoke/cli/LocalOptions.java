package com.batchtrain.invoke.cli;

import com.batchtrain.contract.JobEnv;
import com.batchtrain.invoke.local.TrialCommand;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How the local backend runs trials. */
final class LocalOptions {
  @Option(names = "--parallel", paramLabel = "N",
      description = "Local backend: trials at a time (default: the number of cores; the spec's max_parallel also applies).")
  Integer parallel;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Local backend: trial logs and checkpoints (kept for resume). Default: ~/.cache/batchtrain/work.")
  Path workDir;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Local backend: dataset cache shared by trials (BT_CACHE_DIR). Default: ~/.cache/batchtrain.")
  Path cacheDir;

  @Option(names = "--runtime-main", hidden = true, defaultValue = TrialCommand.RUNTIME_MAIN,
      description = "Main class of the trial runtime (a stand-in for tests and benchmarks).")
  String runtimeMain;

  @Option(names = "--runtime-classpath", hidden = true,
      description = "Class path of the trial runtime (default: " + TrialCommand.RUNTIME_CLASSPATH_ENV
          + ", else this CLI's own when the runtime is on it).")
  String runtimeClasspath;

  /** The runtime (or the stand-in) to start trials with; unavailable ones fail only when started. */
  TrialCommand trialCommand() {
    return TrialCommand.resolve(runtimeMain, runtimeClasspath, System::getenv);
  }

  int parallelOrCores() {
    return parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
  }

  Path workDirOrDefault() {
    return workDir != null ? workDir : JobEnv.defaultCacheDir().resolve("work");
  }

  Path cacheDirOrDefault() {
    return cacheDir != null ? cacheDir : JobEnv.defaultCacheDir();
  }
}
