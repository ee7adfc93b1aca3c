package com.batchtrain.invoke.drive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the journal says a driven sweep is at: every trial proposed (in index order, with its
 * submissions and, once it ended for good, how), and whether the sweep was cancelled or is done.
 * Built only by replaying the journal ({@link #replay}), so a restarted driver and {@code status}
 * see the same thing.
 */
public record DriveState(List<TrialRecord> trials, Optional<String> cancelledAt, Optional<String> ended) {

  /** One proposed trial as the journal knows it. */
  public record TrialRecord(int index, Map<String, Object> parameters, List<JournalEvent.Submitted> submissions,
      Optional<JournalEvent.Finished> finished) {
    public TrialRecord {
      submissions = List.copyOf(submissions);
    }

    public boolean submitted() {
      return !submissions.isEmpty();
    }

    /** Submitted and not yet ended for good: it holds one of the sweep's {@code max_parallel} slots. */
    public boolean inFlight() {
      return submitted() && finished.isEmpty();
    }
  }

  public DriveState {
    trials = List.copyOf(trials);
  }

  public static DriveState replay(List<JournalEntry> entries) {
    TreeMap<Integer, Map<String, Object>> proposed = new TreeMap<>();
    Map<Integer, List<JournalEvent.Submitted>> submitted = new TreeMap<>();
    Map<Integer, JournalEvent.Finished> finished = new TreeMap<>();
    String cancelled = null;
    String ended = null;
    for (JournalEntry entry : entries) {
      for (JournalEvent event : entry.events()) {
        if (event instanceof JournalEvent.Proposed p) {
          if (proposed.containsKey(p.trial()) || p.trial() != proposed.size()) {
            throw new IllegalStateException("journal entry " + entry.seq() + " proposes trial " + p.trial() + " after "
                + proposed.size() + " proposals: trials are proposed once each, in index order");
          }
          proposed.put(p.trial(), p.parameters());
        } else if (event instanceof JournalEvent.Submitted s) {
          submitted.computeIfAbsent(s.trial(), k -> new ArrayList<>()).add(s);
        } else if (event instanceof JournalEvent.Finished f) {
          finished.putIfAbsent(f.trial(), f);
        } else if (event instanceof JournalEvent.Cancelled c) {
          cancelled = cancelled == null ? c.at() : cancelled;
        } else if (event instanceof JournalEvent.Ended e) {
          ended = ended == null ? e.reason() : ended;
        }
      }
    }
    List<TrialRecord> out = new ArrayList<>();
    proposed.forEach((i, params) -> out.add(new TrialRecord(i, params, submitted.getOrDefault(i, List.of()),
        Optional.ofNullable(finished.get(i)))));
    return new DriveState(out, Optional.ofNullable(cancelled), Optional.ofNullable(ended));
  }

  public int proposed() {
    return trials.size();
  }

  public List<TrialRecord> inFlight() {
    return trials.stream().filter(TrialRecord::inFlight).toList();
  }

  /** Trials with at least one submission: a driver ran this sweep before. */
  public long submittedCount() {
    return trials.stream().filter(TrialRecord::submitted).count();
  }

  public long finishedCount() {
    return trials.stream().filter(t -> t.finished().isPresent()).count();
  }

  /** Proposed, but the journal has no submission: a driver ended between the two (reconciled at start). */
  public List<TrialRecord> unsubmitted() {
    return trials.stream().filter(t -> !t.submitted() && t.finished().isEmpty()).toList();
  }
}
