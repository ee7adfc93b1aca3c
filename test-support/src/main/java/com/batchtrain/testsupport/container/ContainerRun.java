package com.batchtrain.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs an image's entrypoint from its unpacked root filesystem the way a container runtime does,
 * without a daemon: new mount and PID namespaces (the entrypoint's process is PID 1), the root
 * file system read-only, a fresh tmpfs on /tmp, optional bind mounts, the image's user, working
 * directory and environment.
 */
public final class ContainerRun {
  /** A host directory mounted into the container. */
  public record Mount(Path source, String target, boolean readOnly) {}

  // Runs on the host inside the new namespaces, before the root changes; $1 root, $2 workdir,
  // $3 uid, $4 gid, then "src|dst|ro" mount specs, "--", the entrypoint's argv.
  private static final String SETUP = String.join("\n",
      "set -eu",
      "root=$1 wd=$2 uid=$3 gid=$4; shift 4",
      "/usr/bin/mount --bind \"$root\" \"$root\"",
      "while [ \"$1\" != -- ]; do",
      "  src=${1%%|*}; rest=${1#*|}; dst=${rest%%|*}; mode=${rest#*|}; shift",
      "  /usr/bin/mkdir -p \"$root$dst\"",
      "  /usr/bin/mount --bind \"$src\" \"$root$dst\"",
      "  if [ \"$mode\" = ro ]; then /usr/bin/mount -o remount,bind,ro \"$root$dst\"; fi",
      "done",
      "shift",
      "/usr/bin/mount -t tmpfs -o mode=1777,size=2g tmpfs \"$root/tmp\"",
      "/usr/bin/mount -o remount,bind,ro \"$root\"",
      "exec /usr/bin/unshare --root=\"$root\" --wd=\"$wd\" --mount-proc=/proc --setgid \"$gid\" --setuid \"$uid\" -- \"$@\"");

  private final ImageArchive image;
  private final RootFilesystem rootfs;
  private final Map<String, String> env;
  private final List<Mount> mounts = new ArrayList<>();
  private String user;

  public ContainerRun(ImageArchive image, RootFilesystem rootfs) {
    this.image = image;
    this.rootfs = rootfs;
    this.env = new LinkedHashMap<>(image.env());
    this.user = image.user();
  }

  public ContainerRun env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public ContainerRun mount(Path source, String target, boolean readOnly) {
    mounts.add(new Mount(source, target, readOnly));
    return this;
  }

  public ContainerRun user(String uidGid) {
    this.user = uidGid;
    return this;
  }

  /** Starts the image's entrypoint with {@code args} in place of the image's Cmd. */
  public Running start(Path log, String... args) throws IOException {
    String[] ids = (user.isEmpty() ? "0:0" : user).split(":");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--fork", "--kill-child",
        "/bin/sh", "-c", SETUP, "setup", rootfs.dir().toString(), image.workingDir(), ids[0],
        ids.length > 1 ? ids[1] : ids[0]));
    for (Mount m : mounts) {
      cmd.add(m.source() + "|" + m.target() + "|" + (m.readOnly() ? "ro" : "rw"));
    }
    cmd.add("--");
    cmd.addAll(image.entrypoint());
    cmd.addAll(args.length == 0 ? image.cmd() : List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return new Running(pb.start(), log);
  }

  /** Runs to completion (bounded by {@code timeoutSeconds}, a hang guard, not a measurement). */
  public Result run(Path log, long timeoutSeconds, String... args) throws IOException, InterruptedException {
    return start(log, args).await(timeoutSeconds);
  }

  public record Result(int exitCode, String output) {}

  /** A started container: its unshare process on the host and its PID 1. */
  public static final class Running {
    private final Process process;
    private final Path log;

    Running(Process process, Path log) {
      this.process = process;
      this.log = log;
    }

    /** The host process that is PID 1 in the container's PID namespace. */
    public Optional<ProcessHandle> pid1() {
      return process.toHandle().children().findFirst();
    }

    /** The executable name (comm) of PID 1, e.g. "java" once the entry script has exec'ed. */
    public Optional<String> pid1Command() {
      return pid1().flatMap(p -> {
        try {
          return Optional.of(Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).trim());
        } catch (IOException e) {
          return Optional.empty();
        }
      });
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    public String output() throws IOException {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Sends SIGTERM to PID 1, as `docker stop` and the ECS agent do. */
    public void terminate() {
      pid1().orElseThrow(() -> new IllegalStateException("container has no PID 1")).destroy();
    }

    public Result await(long timeoutSeconds) throws IOException, InterruptedException {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError("container still running after " + timeoutSeconds + " s; output:\n"
            + Commands.tail(output()));
      }
      return new Result(process.exitValue(), output());
    }
  }
}
