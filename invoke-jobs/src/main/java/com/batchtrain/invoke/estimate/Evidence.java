package com.batchtrain.invoke.estimate;

import com.batchtrain.contract.SweepId;
import com.batchtrain.invoke.cost.EpochTimes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * What earlier runs of the same model on the same data and hardware recorded: each epoch's seconds,
 * each single-attempt trial's start-up (its attempt's time less its epochs'), and how many epochs the
 * trials that trained to the end ran. Nothing here is assumed; an empty list means nothing was recorded.
 *
 * @param from the sweeps it was read from, newest first
 */
public record Evidence(List<Double> epochSeconds, List<Double> startupSeconds, List<Integer> epochsRun,
    List<SweepId> from) {

  public static final Evidence NONE = new Evidence(List.of(), List.of(), List.of(), List.of());

  public Evidence {
    epochSeconds = List.copyOf(epochSeconds);
    startupSeconds = List.copyOf(startupSeconds);
    epochsRun = List.copyOf(epochsRun);
    from = List.copyOf(from);
  }

  public Optional<EpochTimes> epochTimes() {
    return EpochTimes.from(epochSeconds);
  }

  /** The median start-up, when at least one was measured. */
  public OptionalDouble startup() {
    if (startupSeconds.isEmpty()) {
      return OptionalDouble.empty();
    }
    List<Double> sorted = new ArrayList<>(startupSeconds);
    Collections.sort(sorted);
    return OptionalDouble.of(EpochTimes.percentile(sorted, 50));
  }

  /** The most epochs a trial trained to its end, when one did. */
  public Optional<Integer> epochsPerTrial() {
    return epochsRun.stream().max(Integer::compare);
  }

  /** {@code 96 epochs of sweeps a-1, b-2}. */
  public String describe() {
    return epochSeconds.size() + (epochSeconds.size() == 1 ? " epoch" : " epochs") + " of "
        + (from.size() == 1 ? "sweep " : "sweeps ") + from.stream().map(SweepId::value).collect(Collectors.joining(", "));
  }
}
