package com.batchtrain.invoke.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds a trial's process at its first instruction until its runner has recorded it as running.
 *
 * <p>A runner killed outright (a driver's kill -9) leaves its trials running on their own, and the
 * next runner believes the records: a trial recorded as running is followed, one recorded as queued
 * is started. Without the gate, a runner killed between starting a process and recording it would
 * leave a trial running that its record calls queued, and the next runner would start it a second
 * time. With it, that process reads end of input when its runner dies and exits without having done
 * anything: a trial runs only as the process its record names.
 */
final class StartGate {
  private static final String GO = "go";
  /**
   * {@code $0} is the shell's name, {@code $1} the marker it creates once through the gate, then
   * {@code "$@"} the trial's command, run in the shell's place (the same pid, so the same identity).
   */
  private static final String SCRIPT = "IFS= read -r gate && [ \"$gate\" = " + GO + " ] && : > \"$1\" && shift"
      + " && exec \"$@\"";

  private StartGate() {}

  /** {@code command}, started behind the gate; {@code marker} is created when it passes. */
  static List<String> wrap(List<String> command, Path marker) {
    List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "trial-gate", marker.toString()));
    out.addAll(command);
    return out;
  }

  /**
   * The file that says an attempt passed its gate, beside its log: a record that says running, whose
   * runner and process are gone and which has none, names an attempt that never ran (its runner died
   * between recording it and opening the gate).
   */
  static Path marker(Path log) {
    String name = log.getFileName().toString();
    return log.resolveSibling((name.endsWith(".log") ? name.substring(0, name.length() - 4) : name) + ".started");
  }

  /**
   * Whether the attempt logging to {@code log} passed its gate (its command ran): its marker, or any
   * output in its log (the gate writes none; an attempt run by an earlier version left no marker).
   */
  static boolean passed(String log) {
    if (log == null || log.isEmpty()) {
      return true;
    }
    Path file = Path.of(log);
    try {
      return Files.exists(marker(file)) || (Files.exists(file) && Files.size(file) > 0);
    } catch (IOException unreadable) {
      return true;
    }
  }

  /** Ends a process started from {@link #wrap} before it ran anything: what its runner's death does too. */
  static void shut(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException ended) {
      // Ended already: nothing ran.
    }
  }

  /** Lets a process started from {@link #wrap} run; its input is closed after (end of input for the trial). */
  static void open(Process process) {
    try (OutputStream in = process.getOutputStream()) {
      in.write((GO + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException ended) {
      // The process ended already (stopped meanwhile): its exit code says how, as for any attempt.
    }
  }
}
