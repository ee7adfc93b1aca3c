package com.batchtrain.invoke.local;

import com.batchtrain.contract.ExitCode;
import com.batchtrain.contract.FailureRecord;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.Vcpus;
import com.batchtrain.invoke.sweep.ContractEnvironment;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs trials as child processes of this machine with the job contract's environment, at most
 * {@code parallel} at a time. Like a Batch retry strategy it re-runs an attempt that exited
 * {@link ExitCode#TRANSIENT}, up to the sweep's attempts; every state change is written to the
 * {@link ExecutionStore} first, so other invocations can follow and resume the sweep.
 */
public final class LocalRunner {
  /** How long a trial gets to checkpoint and exit after SIGTERM (timeout, cancel, Ctrl-C). */
  private static final long STOP_GRACE_SECONDS = 30;

  private final TrialCommand command;
  private final ExecutionStore executions;
  private final LocalSettings settings;
  private final Listener listener;
  private final Clock clock;

  /** Events for the console, in the order they happen per trial. */
  public interface Listener {
    void started(TrialId trial, int attempt, Path log);

    void ended(TrialId trial, int attempt, int exitCode, boolean willRetry, String detail);
  }

  public LocalRunner(TrialCommand command, ExecutionStore executions, LocalSettings settings, Listener listener, Clock clock) {
    this.command = command;
    this.executions = executions;
    this.settings = settings;
    this.listener = listener;
    this.clock = clock;
  }

  /** Runs the given trials to their end (or until cancelled or interrupted). */
  public void run(SweepRecord record, ResultsLayout layout, List<Integer> indexes) {
    Map<TrialId, Execution> previous = executions.readAll(record.id());
    List<Execution> queued = new ArrayList<>();
    for (int index : indexes) {
      queued.add(enqueue(record, index, previous.get(TrialId.ofIndex(index))));
    }
    int threads = Math.max(1, Math.min(Math.min(settings.parallel(), record.maxParallel()), indexes.size()));
    run(record, layout, queued, threads, threads);
  }

  /**
   * Writes trial {@code index}'s record as queued by this process (a status read from now on sees it
   * pending, never missing) and returns it, for {@link #runQueued}.
   */
  public Execution enqueue(SweepRecord record, int index) {
    return enqueue(record, index, executions.read(record.id(), TrialId.ofIndex(index)).orElse(null));
  }

  private Execution enqueue(SweepRecord record, int index, Execution previous) {
    TrialId trial = TrialId.ofIndex(index);
    Execution e = previous != null ? previous.requeued(ProcessIdentity.current(), now())
        : Execution.queued(trial.value(), ProcessIdentity.current(), now());
    executions.write(record.id(), e);
    return e;
  }

  /**
   * Runs one queued trial to its end in the calling thread; {@code concurrent} is how many trials
   * run at once on this machine (a driver's slots), which sizes the trial's vCPU share.
   * {@code running} is told when an attempt is recorded as running, its process started.
   */
  public void runQueued(SweepRecord record, ResultsLayout layout, Execution queued, int concurrent, Runnable running) {
    run(record, layout, List.of(queued), 1, concurrent, running);
  }

  private void run(SweepRecord record, ResultsLayout layout, List<Execution> queued, int threads, int concurrent) {
    run(record, layout, queued, threads, concurrent, () -> { });
  }

  private void run(SweepRecord record, ResultsLayout layout, List<Execution> queued, int threads, int concurrent,
      Runnable running) {
    int vcpus = trialVcpus(record.resources() == null ? Integer.MAX_VALUE : record.resources().vcpus(),
        Runtime.getRuntime().availableProcessors(), concurrent);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "trial-runner");
      t.setDaemon(true);
      return t;
    });
    Set<Process> live = ConcurrentHashMap.newKeySet();
    AtomicBoolean stopping = new AtomicBoolean(false);
    Thread hook = new Thread(() -> {
      // Ctrl-C: ask every trial to checkpoint and stop, then let the workers record how they ended.
      stopping.set(true);
      live.forEach(Process::destroy);
      pool.shutdown();
      try {
        pool.awaitTermination(STOP_GRACE_SECONDS + 5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "invoke-jobs-stop-trials");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Execution e : queued) {
        futures.add(pool.submit(() -> runTrial(record, layout, e, vcpus, live, stopping, running)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping.set(true);
      live.forEach(Process::destroy);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running: it owns the rest
      }
    }
  }

  /**
   * {@code BT_VCPUS} of a local trial: its share of this machine, {@code max(1, cores / concurrent)}
   * where {@code concurrent} is how many trials actually run at once (so a lone trial gets every
   * core, not {@code cores / --parallel}), and never more than the spec's {@code resources.vcpus}:
   * the trial was sized for that, and it is what it would get on Batch.
   */
  public static int trialVcpus(int requested, int cores, int concurrent) {
    return Math.max(1, Math.min(requested, Math.max(1, cores / Math.max(1, concurrent))));
  }

  private void runTrial(SweepRecord record, ResultsLayout layout, Execution start, int vcpus, Set<Process> live,
      AtomicBoolean stopping, Runnable running) {
    SweepId sweep = record.id();
    TrialId trial = TrialId.of(start.trialId());
    Execution e = start;
    int firstAttempt = start.attempt() + 1;
    for (int attempt = firstAttempt; attempt < firstAttempt + record.attempts(); attempt++) {
      if (stopping.get() || executions.cancelled(sweep)) {
        executions.write(sweep, e.endedUnstarted(stopping.get() ? "interrupted before it started" : "cancelled", now()));
        return;
      }
      Path log = settings.logDir().resolve(sweep.value()).resolve(trial + "-attempt-" + attempt + ".log");
      Process p = start(record, layout, trial, attempt, vcpus, log);
      live.add(p);
      boolean opened = false;
      try {
        if (stopping.get()) {
          // Ctrl-C came while it started: the stop hook may have signalled the trials before this one was live.
          executions.write(sweep, e.endedUnstarted("interrupted before it started", now()));
          return;
        }
        e = e.running(attempt, ProcessIdentity.of(p.toHandle()), log.toString(), now());
        executions.write(sweep, e);
        StartGate.open(p);
        opened = true;
      } finally {
        if (!opened) {
          // A trial its record does not name must not run: the next runner would start it again.
          StartGate.shut(p);
          live.remove(p);
        }
      }
      running.run();
      listener.started(trial, attempt, log);
      String detail = "";
      try {
        if (!p.waitFor(record.timeoutSeconds(), TimeUnit.SECONDS)) {
          detail = "timeout after " + record.timeoutSeconds() + "s";
          stop(p);
        }
        p.waitFor();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        stop(p);
        detail = "interrupted";
      } finally {
        live.remove(p);
      }
      int code = p.exitValue();
      if (stopping.get() && detail.isEmpty()) {
        detail = "interrupted";
      } else if (detail.isEmpty() && executions.cancelled(sweep)) {
        detail = "cancelled";
      }
      if (code != ExitCode.SUCCESS.code()) {
        recordIfMissing(layout, sweep, trial, attempt, code, detail, log);
      }
      boolean retry = code == ExitCode.TRANSIENT.code() && detail.isEmpty()
          && attempt + 1 < firstAttempt + record.attempts();
      e = e.ended(code, detail, now());
      if (retry) {
        // Queued again by this live runner, never ended in between: a driver reading it now must not
        // take it for stopped and start it beside the retry.
        e = e.requeued(e.owner(), now());
      }
      persist(sweep, e);
      listener.ended(trial, attempt, code, retry, detail);
      if (!retry) {
        return;
      }
    }
  }

  /**
   * Writes how an attempt ended, trying again for a few seconds: a record left saying running while
   * its runner lives would hold the trial (and a driver's slot) as running for good.
   */
  private void persist(SweepId sweep, Execution e) {
    for (int tries = 1; ; tries++) {
      try {
        executions.write(sweep, e);
        return;
      } catch (RuntimeException failed) {
        if (tries == PERSIST_TRIES) {
          throw failed;
        }
        try {
          Thread.sleep(TimeUnit.SECONDS.toMillis(tries));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw failed;
        }
      }
    }
  }

  private static final int PERSIST_TRIES = 4;

  /**
   * The attempt's failure record, when the trial left none: it was killed by a signal (timeout,
   * cancel, the OOM killer, kill -9), or its JVM ended before it could write one. Best effort: a
   * store that cannot be written leaves the trial's state as it is.
   */
  private void recordIfMissing(ResultsLayout layout, SweepId sweep, TrialId trial, int attempt, int code, String detail,
      Path log) {
    StorageUri uri = layout.trialFailure(sweep, trial, attempt);
    try {
      if (executions.objects().exists(uri)) {
        return;
      }
      FailureRecord r = FailureRecord.of(sweep, Optional.of(trial), attempt, code, localReason(code, detail, log),
          clock.instant(), FailureRecord.Writer.LOCAL_BACKEND);
      executions.objects().write(uri, r.toJson());
    } catch (RuntimeException e) {
      // The record only explains the state; the execution record (written next) is what counts.
    }
  }

  /** Why an attempt ended without a record of its own, as far as this runner knows. */
  static String localReason(int code, String detail, Path log) {
    if (code > 128) {
      int signal = code - 128;
      if (!detail.isEmpty()) {
        return detail + " (" + signalName(signal) + " from invoke-jobs)";
      }
      return switch (signal) {
        case 9 -> "SIGKILL from outside invoke-jobs: out of memory (the kernel's OOM killer) or killed by hand";
        case 6, 11, 7, 4, 8 -> signalName(signal) + ": the JVM crashed; see the end of its log " + log;
        default -> signalName(signal) + " from outside invoke-jobs";
      };
    }
    return (detail.isEmpty() ? "" : detail + "; ") + "the trial recorded no reason; see its log " + log;
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 1 -> "SIGHUP";
      case 2 -> "SIGINT";
      case 3 -> "SIGQUIT";
      case 4 -> "SIGILL";
      case 6 -> "SIGABRT";
      case 7 -> "SIGBUS";
      case 8 -> "SIGFPE";
      case 9 -> "SIGKILL";
      case 11 -> "SIGSEGV";
      case 13 -> "SIGPIPE";
      case 14 -> "SIGALRM";
      case 15 -> "SIGTERM";
      default -> "signal " + signal;
    };
  }

  private Process start(SweepRecord record, ResultsLayout layout, TrialId trial, int attempt, int vcpus, Path log) {
    try {
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(StartGate.marker(log));
      ProcessBuilder pb = new ProcessBuilder(StartGate.wrap(command.command(List.of(TrialCommand.TRAIN)),
          StartGate.marker(log)));
      trialEnvironment(pb.environment(), settings, record, layout, trial, attempt, vcpus);
      pb.redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start trial " + trial + " (" + String.join(" ", command.command(List.of(TrialCommand.TRAIN))) + ")", e);
    }
  }

  /**
   * Turns {@code env} (the CLI's own environment, as a {@link ProcessBuilder} starts with it) into the
   * environment of one attempt of {@code trial}: the contract's variables, the attempt, this runner's
   * directories and vCPU share, and, for a command trainer's sweep, {@link JobEnv#COMMAND_DIR} (the
   * spec file's directory, where the harness starts the command). Variables that would mislead the
   * trial are removed, not inherited.
   */
  static void trialEnvironment(Map<String, String> env, LocalSettings settings, SweepRecord record, ResultsLayout layout,
      TrialId trial, int attempt, int vcpus) {
    // A trial must not inherit "running in Batch" from the CLI's own environment.
    env.remove(JobEnv.BATCH_JOB_ID);
    env.remove(JobEnv.TRIAL_INDEX);
    env.putAll(ContractEnvironment.forSweep(record.id(), layout));
    env.put(JobEnv.ARRAY_INDEX, Integer.toString(trial.index()));
    // As Batch does: the attempt names the attempt's failure record (and replaces an inherited one).
    env.put(JobEnv.ATTEMPT, Integer.toString(attempt));
    env.put(JobEnv.CACHE_DIR, settings.cacheDir().toString());
    env.put(JobEnv.CHECKPOINT_ROOT, settings.checkpointRoot().toString());
    // Replaces one inherited from the CLI's environment: the share is this runner's decision.
    env.put(JobEnv.VCPUS, new Vcpus(vcpus).toString());
    env.putAll(settings.extraEnvironment());
    // Only this sweep's own: a built-in sweep's trial must not see a directory left in the CLI's environment.
    if (record.commandDir() != null) {
      env.put(JobEnv.COMMAND_DIR, record.commandDir());
    } else {
      env.remove(JobEnv.COMMAND_DIR);
    }
  }

  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private String now() {
    return clock.instant().toString();
  }
}
