package com.batchtrain.invoke.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.TrialId;
import com.batchtrain.invoke.spec.Resources;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment the local runner starts an attempt with (what a full run's child sees, without the child). */
class LocalRunnerEnvironmentTest {
  private static final ResultsLayout LAYOUT = new ResultsLayout(StorageUri.parse("file:///results/"));
  private static final LocalSettings SETTINGS = new LocalSettings(2, Path.of("/cache"), Path.of("/work/runs"), Path.of("/work/logs"),
      Map.of(JobEnv.S3_CHECKSUMS, "when_required"));

  private static SweepRecord record(String model) {
    return new SweepRecord("own-1", "own", SweepRecord.Backend.LOCAL, "2026-12-01T00:00:00Z", LAYOUT.root().toString(), model,
        "file:///data/", new Objective("val_loss", Objective.Goal.MINIMIZE), 3, List.of("lr"), 3, 600, 2, "cpu",
        Resources.DEFAULT, "", "", List.of(), "spec", null);
  }

  @Test
  void aCommandSweepsTrialRunsInTheSpecsDirectory() {
    Map<String, String> env = new HashMap<>(Map.of(JobEnv.BATCH_JOB_ID, "from-the-cli", "PATH", "/usr/bin"));
    LocalRunner.trialEnvironment(env, SETTINGS, record("command: python3 train.py").withCommandDir("/home/me/project"), LAYOUT,
        TrialId.ofIndex(2), 3, 1);
    assertEquals("/home/me/project", env.get(JobEnv.COMMAND_DIR));
    assertEquals("own-1", env.get(JobEnv.SWEEP_ID));
    assertEquals("file:///results/sweeps/own-1/trials.json", env.get(JobEnv.TRIALS_URI));
    assertEquals("2", env.get(JobEnv.ARRAY_INDEX));
    assertEquals("3", env.get(JobEnv.ATTEMPT));
    assertEquals("1", env.get(JobEnv.VCPUS));
    assertEquals("/work/runs", env.get(JobEnv.CHECKPOINT_ROOT));
    assertEquals("when_required", env.get(JobEnv.S3_CHECKSUMS));
    assertEquals("/usr/bin", env.get("PATH"));
    assertFalse(env.containsKey(JobEnv.BATCH_JOB_ID), "not running in Batch");
  }

  @Test
  void aBuiltinSweepsTrialGetsNoCommandDirectoryNotEvenAnInheritedOne() {
    Map<String, String> env = new HashMap<>(Map.of(JobEnv.COMMAND_DIR, "/somewhere/else"));
    LocalRunner.trialEnvironment(env, SETTINGS, record("calcloud-memory-bin"), LAYOUT, TrialId.ofIndex(0), 1, 2);
    assertFalse(env.containsKey(JobEnv.COMMAND_DIR), env.toString());
  }
}
