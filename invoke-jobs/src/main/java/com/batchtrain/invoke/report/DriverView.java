package com.batchtrain.invoke.report;

import com.batchtrain.invoke.drive.DriveState;
import com.batchtrain.invoke.drive.JournalEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The driver's side of a driven sweep, from its journal, as {@code status} shows it: how many of
 * the planned trials it has proposed, how many are in flight and how the others ended, and when it
 * last wrote (a driver that stopped writing long ago may have died: {@code drive} continues it).
 */
public final class DriverView {
  private DriverView() {}

  public static String render(List<JournalEntry> entries, int planned, Instant now) {
    DriveState state = DriveState.replay(entries);
    Map<String, Integer> ended = new TreeMap<>();
    state.trials().forEach(t -> t.finished().ifPresent(f -> ended.merge(f.state(), 1, Integer::sum)));
    StringBuilder b = new StringBuilder("driver: ").append(state.proposed()).append(" of ").append(planned)
        .append(" trials proposed, ").append(state.inFlight().size()).append(" in flight, ")
        .append(state.finishedCount()).append(" ended");
    if (!ended.isEmpty()) {
      b.append(" (");
      ended.forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '(' ? "" : ", ").append(v).append(' ').append(k));
      b.append(')');
    }
    if (entries.isEmpty()) {
      return b.append("; no driver has run yet").toString();
    }
    JournalEntry last = entries.get(entries.size() - 1);
    b.append("; last step ").append(ago(Instant.parse(last.at()), now)).append(" by ").append(last.driver());
    if (state.ended().isPresent()) {
      b.append("; done: ").append(state.ended().get());
    } else if (state.cancelledAt().isPresent()) {
      b.append("; cancelled at ").append(state.cancelledAt().get());
    }
    return b.toString();
  }

  /** Whether the driver has nothing more to do: done or cancelled. */
  public static boolean finished(List<JournalEntry> entries) {
    DriveState state = DriveState.replay(entries);
    return state.ended().isPresent() || state.cancelledAt().isPresent();
  }

  /** The newest proposals, for the status table's readers: what the driver is trying now. */
  public static List<String> proposals(List<JournalEntry> entries, int newest) {
    DriveState state = DriveState.replay(entries);
    return state.inFlight().stream().skip(Math.max(0, state.inFlight().size() - newest))
        .map(t -> "  proposed " + com.batchtrain.contract.TrialId.ofIndex(t.index()) + ": " + point(t.parameters())).toList();
  }

  private static String point(Map<String, Object> parameters) {
    StringBuilder b = new StringBuilder();
    parameters.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return b.toString();
  }

  private static String ago(Instant then, Instant now) {
    long s = Math.max(0, Duration.between(then, now).getSeconds());
    return s < 120 ? s + " s ago" : s < 7200 ? s / 60 + " min ago" : s / 3600 + " h ago";
  }
}
