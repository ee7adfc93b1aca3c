package com.batchtrain.invoke.drive;

import com.batchtrain.contract.SweepId;

/** Another driver wrote the sweep's journal while this one ran: two drivers must not submit for one sweep. */
public final class AnotherDriverException extends RuntimeException {
  public AnotherDriverException(SweepId sweep, String other) {
    super("another driver (" + other + ") is driving sweep " + sweep + ": this one stops so that no trial is submitted"
        + " twice; stop the other first if it should not run");
  }
}
