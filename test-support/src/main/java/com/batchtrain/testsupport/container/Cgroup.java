package com.batchtrain.testsupport.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One container's cgroup (v1 memory and cpu controllers), as Docker makes for {@code --memory} and
 * {@code --cpu-shares}, which is what the ECS agent passes for a Batch job's MEMORY and VCPU
 * reservations: memory is a hard limit (the kernel's OOM killer ends the container beyond it), CPU
 * is a relative weight of 1024 per vCPU, not a cap.
 *
 * <p>Only where the host mounts the v1 controllers writable (these machines do); {@link #create}
 * returns empty elsewhere and the caller runs without limits.
 */
public final class Cgroup {
  private static final Path MEMORY_ROOT = Path.of("/sys/fs/cgroup/memory");
  private static final Path CPU_ROOT = Path.of("/sys/fs/cgroup/cpu");
  private static final String PARENT = "batchtrain";
  private static final long MIB = 1024L * 1024;

  private final Path memory;
  private final Path cpu;

  private Cgroup(Path memory, Path cpu) {
    this.memory = memory;
    this.cpu = cpu;
  }

  /** Whether this host lets the emulator limit containers. */
  public static boolean supported() {
    return Files.isWritable(MEMORY_ROOT.resolve("cgroup.procs")) && Files.isWritable(CPU_ROOT.resolve("cgroup.procs"));
  }

  /** A new cgroup {@code name} with a memory hard limit and CPU shares; empty where cgroups are not available. */
  public static Optional<Cgroup> create(String name, int memoryMiB, int cpuShares) {
    if (!supported()) {
      return Optional.empty();
    }
    try {
      Path memory = Files.createDirectories(MEMORY_ROOT.resolve(PARENT).resolve(name));
      Path cpu = Files.createDirectories(CPU_ROOT.resolve(PARENT).resolve(name));
      Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(memoryMiB * MIB));
      Files.writeString(cpu.resolve("cpu.shares"), Integer.toString(cpuShares));
      return Optional.of(new Cgroup(memory, cpu));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create cgroup " + name, e);
    }
  }

  /** The directories whose cgroup.procs a process writes itself into to join. */
  List<Path> directories() {
    return List.of(memory, cpu);
  }

  /** Host directory to in-container mount point: where Docker shows a container its own cgroups. */
  Map<Path, String> visibleMounts() {
    Map<Path, String> m = new LinkedHashMap<>();
    m.put(memory, "/sys/fs/cgroup/memory");
    m.put(cpu, "/sys/fs/cgroup/cpu");
    return m;
  }

  public long memoryLimitBytes() {
    return Long.parseLong(read(memory.resolve("memory.limit_in_bytes")));
  }

  /** Whether the kernel's OOM killer has killed a process of this cgroup (the limit was hit). */
  public boolean oomKilled() {
    Path control = memory.resolve("memory.oom_control");
    for (String line : read(control).split("\n")) {
      if (line.startsWith("oom_kill ") && Long.parseLong(line.substring("oom_kill ".length()).trim()) > 0) {
        return true;
      }
    }
    return false;
  }

  /** Removes the cgroup once its processes are gone (a cgroup with members cannot be removed). */
  public void delete() {
    for (Path dir : directories()) {
      for (int i = 0; i < 50 && Files.exists(dir); i++) {
        try {
          Files.delete(dir);
        } catch (IOException e) {
          sleep();
        }
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
