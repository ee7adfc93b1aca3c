package com.batchtrain.testsupport.batch;

import com.batchtrain.testsupport.container.ContainerRun;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs of the emulated account and Batch's scheduler over them: dependencies, placement on a
 * compute environment of the queue (in the queue's order, within its maxvCpus), attempts, retries by
 * the retry strategy, attempt timeouts, TerminateJob and CancelJob, spot reclaims, and array parents
 * that follow their children. Every state change happens under this object's monitor; containers
 * start and are waited for on other threads.
 */
final class JobTable implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobTable.class);
  static final String ESSENTIAL_CONTAINER_EXITED = "Essential container in task exited";
  static final String TIMED_OUT = "Job attempt duration exceeded timeout";
  static final String DEPENDENCY_FAILED = "Dependent Job failed";
  private static final String OOM_REASON = "OutOfMemoryError: Container killed due to memory usage";

  /** How the emulated hosts behave. */
  record Settings(int maxContainers, long stopTimeoutMillis, String account, String region) {}

  private final BatchResources resources;
  private final ContainerLauncher launcher;
  private final Settings settings;
  private final Path logs;
  private final Map<String, EmulatedJob> jobs = new LinkedHashMap<>();
  private final Random random = new Random(7);
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, daemon("batch-emulator-timer"));
  private final ExecutorService containers = Executors.newCachedThreadPool(daemon("batch-emulator-container"));
  private final List<Consumer<EmulatedJob>> listeners = new ArrayList<>();
  private boolean closed;

  JobTable(BatchResources resources, ContainerLauncher launcher, Settings settings, Path logs) {
    this.resources = resources;
    this.launcher = launcher;
    this.settings = settings;
    this.logs = logs;
    timers.scheduleWithFixedDelay(this::schedule, 50, 50, TimeUnit.MILLISECONDS);
  }

  // ---- API operations ----

  synchronized EmulatedJob submit(JsonNode request) {
    SubmitJobValidator.Accepted accepted = SubmitJobValidator.validate(request, resources, this);
    String id = UUID.randomUUID().toString();
    String name = request.get("jobName").asText();
    RetryRules retry = RetryRules.of(request, accepted.definition());
    Optional<Integer> timeout = request.path("timeout").has("attemptDurationSeconds")
        ? Optional.of(request.path("timeout").get("attemptDurationSeconds").asInt())
        : accepted.definition().attemptDurationSeconds();
    List<String> dependsOn = new ArrayList<>();
    request.path("dependsOn").forEach(d -> dependsOn.add(d.path("jobId").asText()));
    Map<String, String> tags = new LinkedHashMap<>();
    request.path("tags").fields().forEachRemaining(t -> tags.put(t.getKey(), t.getValue().asText()));
    int size = request.path("arrayProperties").path("size").asInt(0);
    long now = System.currentTimeMillis();
    EmulatedJob job = new EmulatedJob(id, name, arn(id), request, accepted, retry, timeout, dependsOn, tags, now, null, -1, size);
    jobs.put(id, job);
    for (int i = 0; i < size; i++) {
      EmulatedJob child = new EmulatedJob(id + ":" + i, name, arn(id + ":" + i), request, accepted, retry, timeout,
          List.of(), tags, now, job, i, 0);
      job.children.add(child);
    }
    notifyAll();
    return job;
  }

  /** A job or an array child ({@code <parent id>:<index>}) by id. */
  synchronized Optional<EmulatedJob> find(String id) {
    EmulatedJob job = jobs.get(id);
    if (job != null) {
      return Optional.of(job);
    }
    int colon = id.lastIndexOf(':');
    if (colon > 0 && jobs.containsKey(id.substring(0, colon))) {
      EmulatedJob parent = jobs.get(id.substring(0, colon));
      try {
        int index = Integer.parseInt(id.substring(colon + 1));
        return index >= 0 && index < parent.children.size() ? Optional.of(parent.children.get(index)) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  synchronized List<EmulatedJob> all() {
    return List.copyOf(jobs.values());
  }

  /** TerminateJob: queued jobs fail at once; starting and running ones are stopped; none is retried. */
  synchronized void terminate(String id, String reason) {
    EmulatedJob job = find(id).orElseThrow(() -> BatchApiException.client("Job " + id + " not found"));
    for (EmulatedJob target : targets(job)) {
      if (target.status.queued()) {
        fail(target, reason);
      } else if (target.status == JobStatus.STARTING && target.current != null && target.current.running == null) {
        target.terminateReason = reason;
      } else if (!target.status.terminal() && target.current != null) {
        stop(target.current, Attempt.Ending.TERMINATED, reason);
      }
    }
    refreshParents();
  }

  /** CancelJob: jobs not yet on an instance fail; starting and running ones are left alone (Batch's rule). */
  synchronized void cancel(String id, String reason) {
    EmulatedJob job = find(id).orElseThrow(() -> BatchApiException.client("Job " + id + " not found"));
    for (EmulatedJob target : targets(job)) {
      if (target.status.queued()) {
        fail(target, reason);
      }
    }
    refreshParents();
  }

  /**
   * A spot interruption of the instance running {@code id}: SIGTERM, SIGKILL after the stop timeout,
   * and the attempt ends with the status reason Batch gives a reclaimed host.
   */
  synchronized void reclaim(String id) {
    EmulatedJob job = find(id).orElseThrow(() -> new IllegalArgumentException("no job " + id));
    if (job.status != JobStatus.RUNNING || job.current == null || job.current.running == null) {
      throw new IllegalStateException("job " + id + " is " + job.status + ", not running: nothing to reclaim");
    }
    if (!job.current.computeEnvironment.spot()) {
      throw new IllegalStateException("job " + id + " runs in " + job.current.computeEnvironment.name()
          + ", an on-demand compute environment: only spot instances are reclaimed");
    }
    stop(job.current, Attempt.Ending.RECLAIMED, "Host EC2 (instance " + job.current.instanceId + ") terminated.");
  }

  synchronized void onChange(Consumer<EmulatedJob> listener) {
    listeners.add(listener);
  }

  // ---- scheduler ----

  private void schedule() {
    synchronized (this) {
      if (closed) {
        return;
      }
      for (EmulatedJob job : jobs.values()) {
        if (job.isArrayParent()) {
          job.children.forEach(this::advance);
        } else {
          advance(job);
        }
      }
      refreshParents();
    }
  }

  private void advance(EmulatedJob job) {
    switch (job.status) {
      case SUBMITTED -> setStatus(job, job.waitsFor().isEmpty() ? JobStatus.RUNNABLE : JobStatus.PENDING);
      case PENDING -> {
        List<EmulatedJob> deps = job.waitsFor().stream().map(d -> find(d).orElseThrow()).toList();
        if (deps.stream().anyMatch(d -> d.status == JobStatus.FAILED)) {
          fail(job, DEPENDENCY_FAILED);
        } else if (deps.stream().allMatch(d -> d.status == JobStatus.SUCCEEDED)) {
          setStatus(job, JobStatus.RUNNABLE);
        }
      }
      case RUNNABLE -> place(job).ifPresent(ce -> launch(job, ce));
      default -> { }
    }
  }

  private Optional<ComputeEnvironment> place(EmulatedJob job) {
    long busy = jobs.values().stream().flatMap(j -> j.isArrayParent() ? j.children.stream() : java.util.stream.Stream.of(j))
        .filter(j -> j.status == JobStatus.STARTING || j.status == JobStatus.RUNNING).count();
    if (busy >= settings.maxContainers()) {
      return Optional.empty();
    }
    for (String arn : job.queue.computeEnvironmentArns()) {
      ComputeEnvironment ce = resources.environment(arn);
      int used = jobs.values().stream().flatMap(j -> j.isArrayParent() ? j.children.stream() : java.util.stream.Stream.of(j))
          .filter(j -> j.current != null && j.current.computeEnvironment.arn().equals(arn))
          .mapToInt(j -> j.resources.vcpus()).sum();
      boolean fits = InstanceTypes.table().expand(ce.instanceTypes()).stream()
          .anyMatch(c -> c.holds(job.resources.vcpus(), job.resources.memoryMiB(), job.resources.gpus()));
      if (ce.enabled() && fits && used + job.resources.vcpus() <= ce.maxvCpus()) {
        return Optional.of(ce);
      }
    }
    return Optional.empty();
  }

  private void launch(EmulatedJob job, ComputeEnvironment ce) {
    int number = job.attempts.size() + 1;
    String taskId = hex(32);
    String prefix = job.definition.containerProperties().path("logConfiguration").path("options")
        .path("awslogs-stream-prefix").asText("");
    Attempt attempt = new Attempt(number,
        "arn:aws:ecs:" + settings.region() + ":" + settings.account() + ":task/" + ce.ecsClusterName() + "/" + taskId,
        "arn:aws:ecs:" + settings.region() + ":" + settings.account() + ":container-instance/" + ce.ecsClusterName()
            + "/" + hex(32),
        "i-" + hex(17), ce, (prefix.isEmpty() ? "" : prefix + "/") + "default/" + taskId,
        logs.resolve(job.id.replace(':', '-')).resolve("attempt-" + number + ".log"));
    job.attempts.add(attempt);
    job.current = attempt;
    setStatus(job, JobStatus.STARTING);
    containers.execute(() -> run(job, attempt));
  }

  /** On a container thread: start the attempt's container and wait for it to end. */
  private void run(EmulatedJob job, Attempt attempt) {
    ContainerRun.Running running;
    try {
      running = launcher.start(job, attempt);
    } catch (ContainerLauncher.StartFailure | IOException | RuntimeException e) {
      LOG.warn("job {} attempt {} did not start: {}", job.id, attempt.number, e.getMessage());
      synchronized (this) {
        attempt.ending = Attempt.Ending.NOT_STARTED;
        attempt.reason = e.getMessage();
        attempt.statusReason = "Task failed to start";
        attempt.startedAt = System.currentTimeMillis();
        ended(job, attempt);
      }
      return;
    }
    synchronized (this) {
      attempt.running = running;
      attempt.startedAt = System.currentTimeMillis();
      job.startedAt = attempt.startedAt;
      setStatus(job, JobStatus.RUNNING);
      if (job.terminateReason != null) {
        stop(attempt, Attempt.Ending.TERMINATED, job.terminateReason);
      } else {
        job.timeoutSeconds.ifPresent(seconds -> timers.schedule(() -> timeout(job, attempt), seconds, TimeUnit.SECONDS));
      }
    }
    int exit;
    try {
      exit = running.waitFor(Long.MAX_VALUE, TimeUnit.DAYS).orElseThrow();
    } catch (InterruptedException e) {
      running.kill();
      Thread.currentThread().interrupt();
      return;
    }
    synchronized (this) {
      attempt.exitCode = exit;
      ended(job, attempt);
    }
  }

  private synchronized void timeout(EmulatedJob job, Attempt attempt) {
    if (job.current == attempt && attempt.ending == null && attempt.running != null) {
      stop(attempt, Attempt.Ending.TIMED_OUT, TIMED_OUT);
    }
  }

  /** SIGTERM to the container's PID 1 now, SIGKILL after the stop timeout, as the ECS agent stops a task. */
  private void stop(Attempt attempt, Attempt.Ending ending, String statusReason) {
    if (attempt.ending != null) {
      return;
    }
    attempt.ending = ending;
    attempt.statusReason = statusReason;
    ContainerRun.Running running = attempt.running;
    try {
      running.terminate();
    } catch (IllegalStateException e) {
      return; // already gone
    }
    timers.schedule(running::kill, settings.stopTimeoutMillis(), TimeUnit.MILLISECONDS);
  }

  /** Under the monitor: an attempt's container has ended (or never started); decide what follows. */
  private void ended(EmulatedJob job, Attempt attempt) {
    attempt.stoppedAt = System.currentTimeMillis();
    if (attempt.ending == null) {
      attempt.ending = Attempt.Ending.EXITED;
      attempt.statusReason = ESSENTIAL_CONTAINER_EXITED;
    }
    if (attempt.ending == Attempt.Ending.RECLAIMED) {
      attempt.exitCode = null; // the host went away with the container's exit status
    }
    if (attempt.cgroup != null) {
      // Docker marks a container OOM-killed when the kernel killed any of its processes; ECS reports
      // it as the reason when the container then failed.
      if (attempt.cgroup.oomKilled() && attempt.ending == Attempt.Ending.EXITED && !Integer.valueOf(0).equals(attempt.exitCode)) {
        attempt.reason = OOM_REASON;
      }
      attempt.cgroup.delete();
    }
    if (attempt.writableLayer != null) {
      containers.execute(() -> deleteQuietly(attempt.writableLayer));
    }
    job.current = null;
    job.stoppedAt = attempt.stoppedAt;
    boolean succeeded = attempt.ending == Attempt.Ending.EXITED && Integer.valueOf(0).equals(attempt.exitCode);
    boolean retryable = attempt.ending == Attempt.Ending.EXITED || attempt.ending == Attempt.Ending.RECLAIMED
        || attempt.ending == Attempt.Ending.NOT_STARTED;
    if (job.terminateReason != null && !succeeded) {
      job.statusReason = job.terminateReason;
      setStatus(job, JobStatus.FAILED);
    } else if (succeeded) {
      job.statusReason = attempt.statusReason;
      setStatus(job, JobStatus.SUCCEEDED);
    } else if (retryable && job.retry.retry(attempt.number, attempt.exitCode(), attempt.statusReason,
        attempt.reason == null ? "" : attempt.reason)) {
      job.statusReason = null;
      setStatus(job, JobStatus.RUNNABLE);
    } else {
      job.statusReason = attempt.statusReason;
      setStatus(job, JobStatus.FAILED);
    }
    refreshParents();
    notifyAll();
  }

  private void fail(EmulatedJob job, String reason) {
    job.statusReason = reason;
    job.stoppedAt = System.currentTimeMillis();
    setStatus(job, JobStatus.FAILED);
  }

  /** An array parent is SUBMITTED, then PENDING once a child is runnable, then SUCCEEDED or FAILED when all children are. */
  private void refreshParents() {
    for (EmulatedJob parent : jobs.values()) {
      if (!parent.isArrayParent() || parent.status.terminal()) {
        continue;
      }
      boolean allDone = parent.children.stream().allMatch(c -> c.status.terminal());
      if (allDone) {
        parent.stoppedAt = parent.children.stream().mapToLong(c -> c.stoppedAt == null ? 0 : c.stoppedAt).max().orElse(0);
        boolean ok = parent.children.stream().allMatch(c -> c.status == JobStatus.SUCCEEDED);
        parent.statusReason = ok ? "Array Child Jobs Succeeded" : "Array Child Job Failed";
        setStatus(parent, ok ? JobStatus.SUCCEEDED : JobStatus.FAILED);
      } else if (parent.status == JobStatus.SUBMITTED
          && parent.children.stream().anyMatch(c -> c.status.compareTo(JobStatus.RUNNABLE) >= 0)) {
        setStatus(parent, JobStatus.PENDING);
      }
      parent.children.stream().map(c -> c.startedAt).filter(java.util.Objects::nonNull).min(Long::compare)
          .ifPresent(t -> parent.startedAt = t);
    }
  }

  private void setStatus(EmulatedJob job, JobStatus status) {
    if (job.status != status) {
      LOG.debug("job {} {} -> {}", job.id, job.status, status);
      job.status = status;
      listeners.forEach(l -> l.accept(job));
      notifyAll();
    }
  }

  private List<EmulatedJob> targets(EmulatedJob job) {
    return job.isArrayParent() ? job.children : List.of(job);
  }

  private String arn(String id) {
    return "arn:aws:batch:" + settings.region() + ":" + settings.account() + ":job/" + id;
  }

  private String hex(int digits) {
    byte[] bytes = new byte[(digits + 1) / 2];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes).substring(0, digits);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static void deleteQuietly(Path dir) {
    try {
      com.batchtrain.testsupport.container.FileTrees.deleteRecursively(dir);
    } catch (IOException e) {
      LOG.debug("could not delete {}: {}", dir, e.getMessage());
    }
  }

  /** Waits until {@code id} reaches {@code status} or a terminal state; returns the state it has then. */
  synchronized JobStatus await(String id, JobStatus status, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    EmulatedJob job = find(id).orElseThrow(() -> new IllegalArgumentException("no job " + id));
    while (job.status != status && !job.status.terminal()) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        break;
      }
      wait(Math.min(left, 200));
    }
    return job.status;
  }

  /** Stops every running container (SIGKILL) and the scheduler. */
  @Override
  public void close() {
    List<Attempt> running = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (EmulatedJob j : jobs.values()) {
        for (EmulatedJob t : targets(j)) {
          if (t.current != null && t.current.running != null) {
            running.add(t.current);
          }
        }
      }
    }
    for (Attempt a : running) {
      a.running.kill();
      try {
        a.running.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (a.cgroup != null) {
        a.cgroup.delete();
      }
    }
    timers.shutdownNow();
    containers.shutdownNow();
  }
}
