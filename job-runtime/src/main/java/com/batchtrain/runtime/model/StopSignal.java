package com.batchtrain.runtime.model;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Coordinates a SIGTERM (spot reclaim) shutdown hook with the training loop: the hook asks for a
 * stop and waits; the loop notices at the next batch, writes a final checkpoint and acknowledges.
 */
public final class StopSignal {
  private volatile boolean requested;
  private volatile boolean training;
  private final CountDownLatch checkpointed = new CountDownLatch(1);

  public void request() {
    requested = true;
  }

  public boolean requested() {
    return requested;
  }

  /** Whether the loop is between batches now, i.e. whether waiting for a checkpoint makes sense. */
  public boolean training() {
    return training;
  }

  void enterTraining() {
    training = true;
  }

  /** The loop left (finished or failed): nobody will checkpoint, so release a waiting hook. */
  void leaveTraining() {
    training = false;
    checkpointed.countDown();
  }

  /** Called by the loop once the final checkpoint is sealed (or it had nothing to save). */
  public void acknowledge() {
    checkpointed.countDown();
  }

  public boolean awaitAcknowledged(long timeout, TimeUnit unit) throws InterruptedException {
    return checkpointed.await(timeout, unit);
  }
}
