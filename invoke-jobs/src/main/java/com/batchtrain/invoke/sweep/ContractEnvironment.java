package com.batchtrain.invoke.sweep;

import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.SweepId;
import java.util.LinkedHashMap;
import java.util.Map;

/** The job-contract variables every trial of a sweep receives, on Batch and on this machine alike. */
public final class ContractEnvironment {
  private ContractEnvironment() {}

  public static Map<String, String> forSweep(SweepId sweep, ResultsLayout layout) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(JobEnv.SWEEP_ID, sweep.value());
    env.put(JobEnv.TRIALS_URI, layout.trialsFile(sweep).toString());
    env.put(JobEnv.RESULTS_URI, layout.root().toString());
    return env;
  }
}
