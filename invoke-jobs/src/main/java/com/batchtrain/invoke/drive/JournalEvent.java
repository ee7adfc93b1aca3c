package com.batchtrain.invoke.drive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/**
 * One thing the driver of a sweep did or saw, as its journal records it. Replaying the events in
 * order gives the driver's whole state ({@link DriveState}): nothing else is kept between runs.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JournalEvent.Proposed.class, name = "proposed"),
    @JsonSubTypes.Type(value = JournalEvent.Submitted.class, name = "submitted"),
    @JsonSubTypes.Type(value = JournalEvent.Finished.class, name = "finished"),
    @JsonSubTypes.Type(value = JournalEvent.Cancelled.class, name = "cancelled"),
    @JsonSubTypes.Type(value = JournalEvent.Ended.class, name = "ended")})
public sealed interface JournalEvent {

  /**
   * Trial {@code trial} will run at {@code parameters} (the point as the sampler proposed it; the
   * trials file holds it as the trainer reads it). Journaled before the trial is written or submitted,
   * so a restarted driver submits this point rather than proposing another.
   */
  record Proposed(int trial, Map<String, Object> parameters) implements JournalEvent {
    public Proposed {
      parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }
  }

  /** A backend job for {@code trial} exists: {@code jobId} on Batch, the runner's process locally. */
  record Submitted(int trial, String jobId, String jobName, String at) implements JournalEvent {}

  /**
   * {@code trial} ended for good: {@code state} is its final state ({@code succeeded}, {@code pruned},
   * {@code failed}, or {@code stopped} when the driver gave up re-running it); {@code value} the
   * objective it published (null when none).
   */
  record Finished(int trial, String state, @JsonInclude(JsonInclude.Include.NON_NULL) Double value, String detail)
      implements JournalEvent {}

  /** {@code invoke-jobs cancel}: the driver submits nothing more and ends. */
  record Cancelled(String at) implements JournalEvent {}

  /** The driver is done with the sweep ({@code reason} says why); a later {@code drive} only reports. */
  record Ended(String reason, String at) implements JournalEvent {}
}
