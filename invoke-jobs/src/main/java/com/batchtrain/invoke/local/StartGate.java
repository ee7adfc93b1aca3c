package com.batchtrain.invoke.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
  /** {@code $0} is the shell's name; {@code "$@"} the trial's command, run in the shell's place (same pid). */
  private static final String SCRIPT = "IFS= read -r gate && [ \"$gate\" = " + GO + " ] && exec \"$@\"";

  private StartGate() {}

  /** {@code command}, started behind the gate. */
  static List<String> wrap(List<String> command) {
    List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "trial-gate"));
    out.addAll(command);
    return out;
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
