package com.batchtrain.runtime.spec;

import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import java.util.Optional;

/** A trial ready to run: the built-in trainer's {@link TrialSpec} or a command trainer's spec. */
public interface ResolvedTrial {
  SweepId sweepId();

  TrialId trialId();

  StorageUri dataUri();

  StorageUri resultsUri();

  /** Present for a sweep trial (read from a trials file). */
  Optional<StorageUri> trialsUri();
}
