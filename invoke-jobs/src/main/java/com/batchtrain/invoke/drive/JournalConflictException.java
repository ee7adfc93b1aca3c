package com.batchtrain.invoke.drive;

import com.batchtrain.contract.SweepId;

/** Another writer created journal entry {@code seq} first: another driver runs, or {@code cancel} wrote. */
public final class JournalConflictException extends RuntimeException {
  private final long seq;

  public JournalConflictException(SweepId sweep, long seq) {
    super("another process wrote step " + seq + " of the journal of sweep " + sweep + " first");
    this.seq = seq;
  }

  public long seq() {
    return seq;
  }
}
