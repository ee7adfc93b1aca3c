package com.batchtrain.runtime.command;

/** A started trainer, as the harness watches and stops it: the user's process, or a Java trainer's thread. */
interface RunningTrainer {
  /** For the log: a process id, or the thread's name. */
  String describe();

  /** Waits up to {@code millis}; true once the trainer has ended. */
  boolean waitFor(long millis) throws InterruptedException;

  /** The exit code: the process's, or the contract code a Java trainer's outcome maps to. */
  int exitValue();

  /** Asks the trainer to stop, forcibly after {@code graceSeconds}; true when it ended within the grace. */
  boolean stop(int graceSeconds) throws InterruptedException;

  /** Ends it now, as far as that is possible (the harness itself is failing). */
  void kill();
}
