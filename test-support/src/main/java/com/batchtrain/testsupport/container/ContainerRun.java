package com.batchtrain.testsupport.container;

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
 * without a daemon: new mount and PID namespaces (the entrypoint's process is PID 1), the image's
 * user, working directory and environment, bind mounts, tmpfs mounts, and either a read-only root
 * or a writable root (an overlay whose upper layer belongs to this container alone, as Docker's is).
 * With {@link #limits} the container runs in its own cgroup, with a memory hard limit and CPU shares
 * (what ECS gives a job's MEMORY and VCPU reservations), visible inside at /sys/fs/cgroup as Docker
 * shows it, so a JVM sizes its heap from the limit.
 */
public final class ContainerRun {
  /** A host directory mounted into the container. */
  public record Mount(Path source, String target, boolean readOnly) {}

  // Runs on the host inside the new namespaces, before the root changes: $1 image root, $2 workdir,
  // $3 uid, $4 gid, $5 root mode (ro or the writable layer's directory), then mount specs
  // "bind|src|dst|ro", "tmpfs||dst|sizeMiB", "cgroup|src|dst|ro", "--", the entrypoint's argv.
  private static final String SETUP = String.join("\n",
      "set -eu",
      "root=$1 wd=$2 uid=$3 gid=$4 mode=$5; shift 5",
      "if [ \"$mode\" = ro ]; then",
      "  /usr/bin/mount --bind \"$root\" \"$root\"",
      "else",
      "  /usr/bin/mkdir -p \"$mode/upper\" \"$mode/work\" \"$mode/merged\"",
      "  /usr/bin/mount -t overlay overlay -o \"lowerdir=$root,upperdir=$mode/upper,workdir=$mode/work\" \"$mode/merged\"",
      "  root=$mode/merged",
      "fi",
      "while [ \"$1\" != -- ]; do",
      "  kind=${1%%|*}; rest=${1#*|}; src=${rest%%|*}; rest=${rest#*|}; dst=${rest%%|*}; opt=${rest#*|}; shift",
      "  /usr/bin/mkdir -p \"$root$dst\"",
      "  if [ \"$kind\" = tmpfs ]; then",
      "    /usr/bin/mount -t tmpfs -o \"mode=1777,size=${opt}m\" tmpfs \"$root$dst\"",
      "  else",
      "    /usr/bin/mount --bind \"$src\" \"$root$dst\"",
      "    if [ \"$opt\" = ro ]; then /usr/bin/mount -o remount,bind,ro \"$root$dst\"; fi",
      "  fi",
      "done",
      "shift",
      "if [ \"$mode\" = ro ]; then /usr/bin/mount -o remount,bind,ro \"$root\"; fi",
      "exec /usr/bin/unshare --root=\"$root\" --wd=\"$wd\" --mount-proc=/proc --setgid \"$gid\" --setuid \"$uid\" -- \"$@\"");

  // The first process in the new mount and PID namespaces (not in the PID namespace itself): it
  // starts the container's PID 1 and exits with its status, 128 + n when it died of signal n, as
  // Docker reports it. (unshare --fork would do this, but util-linux 2.38 exits 1 instead when its
  // child was killed by SIGKILL: it cannot re-raise a signal it cannot unblock.)
  private static final String REAP = "\"$@\" & wait $!";

  // Runs on the host first: joins the cgroups given as $1.. up to "--" (so that everything the
  // container starts is accounted there from its first instruction), then execs the rest.
  private static final String JOIN_CGROUPS = String.join("\n",
      "set -eu",
      "while [ \"$1\" != -- ]; do echo $$ > \"$1/cgroup.procs\"; shift; done",
      "shift",
      "exec \"$@\"");

  private final ImageArchive image;
  private final RootFilesystem rootfs;
  private final Map<String, String> env;
  private final List<String> mountSpecs = new ArrayList<>();
  private String user;
  private String workingDir;
  private boolean readOnlyRoot = true;
  private Path writableLayer;
  private Cgroup cgroup;

  public ContainerRun(ImageArchive image, RootFilesystem rootfs) {
    this.image = image;
    this.rootfs = rootfs;
    this.env = new LinkedHashMap<>(image.env());
    this.user = image.user();
    this.workingDir = image.workingDir();
  }

  public ContainerRun env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public ContainerRun env(Map<String, String> variables) {
    env.putAll(variables);
    return this;
  }

  public ContainerRun mount(Path source, String target, boolean readOnly) {
    mountSpecs.add("bind|" + source + "|" + target + "|" + (readOnly ? "ro" : "rw"));
    return this;
  }

  /** A tmpfs of {@code sizeMiB} at {@code target} (ECS: linuxParameters.tmpfs). */
  public ContainerRun tmpfs(String target, int sizeMiB) {
    mountSpecs.add("tmpfs||" + target + "|" + sizeMiB);
    return this;
  }

  public ContainerRun user(String uidGid) {
    this.user = uidGid;
    return this;
  }

  /** The image's root read-only: writes outside mounts fail (ECS: readonlyRootFilesystem). */
  public ContainerRun readOnlyRoot() {
    this.readOnlyRoot = true;
    this.writableLayer = null;
    return this;
  }

  /** A writable root: an overlay on the image whose changes land in {@code layerDir}, this container's alone. */
  public ContainerRun writableRoot(Path layerDir) {
    this.readOnlyRoot = false;
    this.writableLayer = layerDir;
    return this;
  }

  /** Runs the container in {@code cgroup}: its limits apply to everything inside, and the cgroup shows at /sys/fs/cgroup. */
  public ContainerRun limits(Cgroup cgroup) {
    this.cgroup = cgroup;
    return this;
  }

  /** Starts the image's entrypoint with {@code args} in place of the image's Cmd (none: the image's Cmd). */
  public Running start(Path log, String... args) throws IOException {
    return start(log, args.length == 0 ? image.cmd() : List.of(args));
  }

  /** Starts the image's entrypoint with {@code command} in place of the image's Cmd. */
  public Running start(Path log, List<String> command) throws IOException {
    String[] ids = (user.isEmpty() ? "0:0" : user).split(":");
    List<String> cmd = new ArrayList<>();
    if (cgroup != null) {
      cmd.addAll(List.of("/bin/sh", "-c", JOIN_CGROUPS, "join"));
      cgroup.directories().forEach(d -> cmd.add(d.toString()));
      cmd.add("--");
    }
    cmd.addAll(List.of("/usr/bin/unshare", "--mount", "--pid", "/bin/sh", "-c", REAP, "reap",
        "/bin/sh", "-c", SETUP, "setup", rootfs.dir().toString(), workingDir, ids[0],
        ids.length > 1 ? ids[1] : ids[0], readOnlyRoot ? "ro" : writableLayer.toString()));
    cmd.addAll(mountSpecs);
    if (cgroup != null) {
      cgroup.visibleMounts().forEach((dir, target) -> cmd.add("bind|" + dir + "|" + target + "|ro"));
    }
    cmd.add("--");
    cmd.addAll(image.entrypoint());
    cmd.addAll(command);
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

  /** A started container: its reaper process on the host and its PID 1. */
  public static final class Running {
    private final Process process;
    private final Path log;

    Running(Process process, Path log) {
      this.process = process;
      this.log = log;
    }

    /** The host process that is PID 1 in the container's PID namespace (the reaper's child). */
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

    /**
     * Sends SIGKILL to PID 1: the kernel then kills every process of the PID namespace, as when
     * Docker kills a container. Does nothing when the container has already ended.
     */
    public void kill() {
      pid1().ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Waits for the container to end; its exit code (128 + n when PID 1 died of signal n), or empty on timeout. */
    public Optional<Integer> waitFor(long timeout, TimeUnit unit) throws InterruptedException {
      return process.waitFor(timeout, unit) ? Optional.of(process.exitValue()) : Optional.empty();
    }

    public Result await(long timeoutSeconds) throws IOException, InterruptedException {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        kill();
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError("container still running after " + timeoutSeconds + " s; output:\n"
            + Commands.tail(output()));
      }
      return new Result(process.exitValue(), output());
    }
  }
}
