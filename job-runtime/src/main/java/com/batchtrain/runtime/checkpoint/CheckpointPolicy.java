package com.batchtrain.runtime.checkpoint;

import com.batchtrain.contract.InvalidValueException;

/**
 * When to checkpoint and how many to keep: every {@code everyEpochs} epochs (and at the last), and
 * additionally mid-epoch when {@code everyMinutes} have passed since the last one (0 = never). The
 * newest checkpoint (for resuming) and the {@code keepTopK} best by the objective are kept.
 */
public record CheckpointPolicy(int everyEpochs, double everyMinutes, int keepTopK) {
  public CheckpointPolicy {
    if (everyEpochs < 1) {
      throw new InvalidValueException("checkpoint-every-epochs", "an integer >= 1", everyEpochs);
    }
    if (!(everyMinutes >= 0) || Double.isInfinite(everyMinutes)) {
      throw new InvalidValueException("checkpoint-every-minutes", "a number >= 0 (0 disables)", everyMinutes);
    }
    if (keepTopK < 1) {
      throw new InvalidValueException("keep-top-k", "an integer >= 1", keepTopK);
    }
  }
}
