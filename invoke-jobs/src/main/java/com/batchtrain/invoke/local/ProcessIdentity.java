package com.batchtrain.invoke.local;

import java.util.Optional;

/**
 * A process named so that it cannot be confused with a later one that reuses its pid:
 * {@code pid@startInstant}.
 */
public final class ProcessIdentity {
  private ProcessIdentity() {}

  public static String of(ProcessHandle handle) {
    return handle.pid() + "@" + handle.info().startInstant().map(Object::toString).orElse("?");
  }

  public static String current() {
    return of(ProcessHandle.current());
  }

  /** The live process with this identity, if it still runs. */
  public static Optional<ProcessHandle> find(String identity) {
    if (identity == null || !identity.contains("@")) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(identity.substring(0, identity.indexOf('@')));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> of(h).equals(identity));
  }
}
