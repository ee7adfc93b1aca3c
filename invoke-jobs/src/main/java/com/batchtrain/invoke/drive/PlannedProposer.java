package com.batchtrain.invoke.drive;

import com.batchtrain.invoke.search.Observation;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.TrialPlanner;
import java.util.List;
import java.util.Map;

/**
 * A grid or random sweep's trials under a driver: the points planned from the spec (the grid's order,
 * or the seed's draws), trial {@code index} the {@code index}-th whatever the results so far. A driver
 * restarted proposes what the first would have, as the journal already holds.
 */
public final class PlannedProposer implements Proposer {
  private final List<Map<String, Object>> points;

  public PlannedProposer(List<Map<String, Object>> points) {
    this.points = List.copyOf(points);
  }

  public static PlannedProposer of(SweepSpec spec) {
    return new PlannedProposer(new TrialPlanner().points(spec));
  }

  @Override
  public Map<String, Object> propose(int index, List<Observation> finished, List<Map<String, Object>> running) {
    if (index < 0 || index >= points.size()) {
      throw new IllegalArgumentException("trial " + index + " is not among the sweep's " + points.size() + " planned trials");
    }
    return points.get(index);
  }
}
