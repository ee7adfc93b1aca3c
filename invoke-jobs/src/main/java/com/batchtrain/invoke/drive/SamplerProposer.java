package com.batchtrain.invoke.drive;

import com.batchtrain.invoke.search.Observation;
import com.batchtrain.invoke.search.Sampler;
import com.batchtrain.invoke.search.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Proposals from a {@link Sampler}, with randomness drawn from the sweep's seed and the trial's
 * index alone: a driver restarted with the same history proposes the same point.
 */
public final class SamplerProposer implements Proposer {
  /** The golden-ratio increment SplittableRandom itself uses: neighbouring indexes get unrelated streams. */
  private static final long GAMMA = 0x9E3779B97F4A7C15L;

  private final Sampler sampler;
  private final SearchSpace space;
  private final long seed;

  public SamplerProposer(Sampler sampler, SearchSpace space, long seed) {
    this.sampler = sampler;
    this.space = space;
    this.seed = seed;
  }

  /** The proposer of a {@code method: bayes} sweep: what its driver proposes with. */
  public static SamplerProposer forBayes(com.batchtrain.invoke.spec.SweepSpec spec) {
    return new SamplerProposer(com.batchtrain.invoke.search.Samplers.forBayes(), SearchSpace.of(spec), spec.seed());
  }

  @Override
  public Map<String, Object> propose(int index, List<Observation> finished, List<Map<String, Object>> running) {
    List<Observation> known = finished.stream().map(o -> new Observation(space.activePart(o.parameters()), o.value())).toList();
    List<Map<String, Object>> pending = running.stream().map(space::activePart).toList();
    return sampler.propose(space, known, pending, new SplittableRandom(seed + (index + 1L) * GAMMA));
  }
}
