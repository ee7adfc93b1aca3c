package com.batchtrain.invoke.search;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Chooses the next trial's point of a search space. Implementations hold no state between calls:
 * everything a proposal depends on is in the arguments, so a restarted driver that passes the same
 * history and an {@code rng} seeded the same way (per trial index) proposes the same point.
 */
public interface Sampler {

  /**
   * The next point: the space's ACTIVE parameters only (those whose conditions hold), in spec order,
   * as raw values ({@code Long} for an integer range, {@code Double} rounded to 6 significant digits
   * for a real range, the parameter's own value object for a categorical or fixed one), always inside
   * the space.
   *
   * @param finished the trials with a result, in trial order (older first)
   * @param running  points proposed earlier whose trials have no result yet
   * @param rng      the only source of randomness
   */
  Map<String, Object> propose(SearchSpace space, List<Observation> finished, List<Map<String, Object>> running,
      SplittableRandom rng);
}
