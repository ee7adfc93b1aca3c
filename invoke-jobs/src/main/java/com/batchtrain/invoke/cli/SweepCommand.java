package com.batchtrain.invoke.cli;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.invoke.aws.AwsTransientException;
import com.batchtrain.invoke.aws.BackendUnavailableException;
import com.batchtrain.invoke.aws.DatasetStaging;
import com.batchtrain.invoke.aws.DryRunPlaceholders;
import com.batchtrain.invoke.aws.ImageJobDefinitions;
import com.batchtrain.invoke.aws.JobRequests;
import com.batchtrain.invoke.aws.ReadablePrefixes;
import com.batchtrain.invoke.aws.SdkJson;
import com.batchtrain.invoke.aws.StackResources;
import com.batchtrain.invoke.aws.SubmitJobJson;
import com.batchtrain.invoke.local.BuiltinDatasets;
import com.batchtrain.invoke.local.LocalDataCheck;
import com.batchtrain.invoke.local.TrialCommand;
import com.batchtrain.invoke.cost.PriceTable;
import com.batchtrain.invoke.estimate.Estimate;
import com.batchtrain.invoke.report.TrialsTable;
import com.batchtrain.invoke.spec.DataSource;
import com.batchtrain.invoke.spec.EarlyStoppingText;
import com.batchtrain.invoke.spec.SpecReader;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.ContractEnvironment;
import com.batchtrain.invoke.sweep.Driving;
import com.batchtrain.invoke.sweep.NewSweep;
import com.batchtrain.invoke.sweep.SweepIds;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.SweepStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Start a sweep: expand SPEC into trials and run them.",
        "Writes the trials file and sweep record to the results store, then runs the trials: on aws as ONE"
            + " Batch array job (a plain job for a single trial), after one dataset staging job when the data is"
            + " on s3://; on local as child processes, ending with the"
            + " leaderboard. Prints the sweep id first."},
    footer = {"", "Examples:", "  invoke-jobs sweep examples/calcloud-memory-bin.yaml",
        "  invoke-jobs sweep examples/calcloud-memory.yaml --backend aws --profile research --dry-run"})
final class SweepCommand implements Callable<Integer> {
  /** Stands for the staging job's id in a dry run, where no job exists to name. */
  static final String STAGE_JOB_PLACEHOLDER = "<job id of the staging job>";

  @Parameters(paramLabel = "SPEC", description = "Sweep spec (YAML), see docs/invoke-jobs.md.")
  Path specFile;

  @Option(names = "--dry-run", description = "Print the trials and the exact SubmitJob request(s) (aws) or trial"
      + " commands (local); write and submit nothing.")
  boolean dryRun;

  /** Where a driven sweep's driver runs. */
  enum DriverPlace { here, batch }

  @Option(names = "--driver", paramLabel = "here|batch", description = "A driven sweep on aws (method bayes; grid or"
      + " random with max_parallel below its trial count): run the driver as a"
      + " small CPU Batch job (batch, the default: the sweep goes on with this machine off) or in this process"
      + " (here; continue it with invoke-jobs drive). The local backend's driver always runs here.")
  DriverPlace driverPlace;

  @Option(names = "--poll", paramLabel = "SECONDS", description = "A driven sweep: how often the driver looks at its"
      + " trials (default: 5 on aws, 1 locally).")
  Integer pollSeconds;

  @Option(names = "--probe", description = "Before the estimate: run the sweep's first trial for " + Probe.EPOCHS
      + " epochs as a sweep of its own (<name>-probe-...) and stop it, to measure what an epoch and a start-up take on"
      + " this backend and queue. It runs (and costs one short trial) even with --dry-run.")
  boolean probe;

  @Mixin
  CostOptions costOptions;

  @Mixin
  StoreOptions storeOptions;

  @Mixin
  LocalOptions localOptions;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    String text;
    try {
      text = Files.readString(specFile);
    } catch (IOException e) {
      throw new InvalidValueException("SPEC", "a readable YAML file", specFile.toString());
    }
    SweepSpec sweepSpec = new SpecReader().read(text);
    Duration poll = Drives.poll(pollSeconds, storeOptions.backend);
    // Read before anything is written: a malformed price table is bad input like a malformed spec.
    PriceTable prices = costOptions.given().orElseGet(PriceTable::shipped);
    Optional<String> commandDir = commandTrainerChecks(sweepSpec);
    try (Workspace ws = new Workspace(storeOptions)) {
      SweepId id = new SweepIds(Clock.systemUTC(), new SecureRandom()).next(sweepSpec.name());
      boolean aws = ws.backend() == SweepRecord.Backend.AWS;
      Optional<String> placeholders = Optional.empty();
      StackResources stack = null;
      if (aws) {
        try {
          stack = ws.stack();
        } catch (BackendUnavailableException | AwsTransientException e) {
          if (!dryRun) {
            throw e;
          }
          // A dry run is for reviewing the requests before anything exists: it goes on without the stack.
          placeholders = Optional.of(e.getMessage());
          stack = ws.assumeStack(DryRunPlaceholders.stack(storeOptions.stackPrefix));
        }
      }
      ResultsLayout layout = ws.layout();
      if (!aws && (!dryRun || probe)) {
        // Found before anything is written: without the runtime no trial could start, and the sweep
        // record would name a sweep that never ran.
        localOptions.trialCommand().requireAvailable();
      }
      if (probe && placeholders.isPresent()) {
        throw new InvalidValueException("--probe", "a deployed stack to run the probe on", placeholders.get());
      }
      // Local: a dataset on this machine is checked before anything is printed, written or started.
      Optional<String> checked = Optional.empty();
      if (!aws && sweepSpec.data() instanceof DataSource.Stored stored) {
        LocalDataCheck.Checked c = new LocalDataCheck().check(sweepSpec, stored.uri());
        sweepSpec = c.spec();
        checked = c.summary();
      }
      Instant now = Clock.systemUTC().instant();
      String jobQueue = aws ? stack.queue(sweepSpec.queue()) : "";
      String jobDefinition = aws ? stack.jobDefinition(sweepSpec.queue()) : "";
      // A command trainer's own image runs on a copy of the stack's trial definition with only the image changed.
      Optional<String> ownImage = aws && sweepSpec.commandTrainer() ? sweepSpec.trainer().imageOverride() : Optional.empty();
      Optional<ImageJobDefinitions.Plan> imagePlan = Optional.empty();
      if (ownImage.isPresent() && placeholders.isEmpty()) {
        imagePlan = Optional.of(ws.imageJobDefinitions().plan(jobDefinition, ownImage.get()));
        jobDefinition = imagePlan.get().jobDefinition();
      } else if (ownImage.isPresent()) {
        jobDefinition = unresolvedCopy(jobDefinition, ownImage.get());
      }
      NewSweep plan = plan(sweepSpec, text, id, layout, ws.backend(), jobQueue, jobDefinition, now, commandDir);
      SweepRecord record = plan.record();
      if (aws && placeholders.isEmpty()) {
        ReadablePrefixes.check(StorageUri.parse("data", record.dataUri()), stack.readableDataPrefixes());
      }
      // Decided before anything is written, so that a stack without the staging job definition fails cleanly.
      Optional<SubmitJobRequest> staging = aws ? DatasetStaging.request(record, layout, stack) : Optional.empty();
      // Also decided before anything is written: a stack without the driver's job definition fails cleanly.
      boolean driven = Driving.required(sweepSpec, ws.backend());
      Optional<String> notHeld = Optional.empty();
      if (driven && !sweepSpec.adaptive() && driverOnBatch(aws) && placeholders.isEmpty()
          && stack.driverJobDefinition().isEmpty()) {
        // As before the driver existed, rather than refuse a sweep that ran so on this stack.
        notHeld = Optional.of(String.format("max_parallel %d is not held on Batch: stack %s has no driver job definition"
            + " (deployed before it existed), so the sweep is one array job whose trials run as the compute environment"
            + " scales; redeploy infra/ (cdk deploy --all) or pass --driver here to hold it", sweepSpec.maxParallel(),
            stack.batchStack()));
        driven = false;
        plan = plan.atOnce();
        record = plan.record();
      }
      Optional<SubmitJobRequest> driverJob = driven && driverOnBatch(aws)
          ? Optional.of(JobRequests.driver(record, stack.requireDriverJobDefinition(), stack.queue(QueueChoice.CPU)))
          : Optional.empty();
      out.println("sweep: " + id);
      out.printf("%d trial(s) by %s search, %s, objective %s %s%s, results in %s%n", record.trialCount(),
          sweepSpec.method().id(), sweepSpec.commandTrainer() ? record.preset() : "preset " + record.preset(),
          record.objective().goal().json(), record.objective().metric(),
          sweepSpec.earlyStopping() == null ? "" : ", early stopping " + EarlyStoppingText.describe(sweepSpec.earlyStopping()),
          placeholders.isPresent() ? DryRunPlaceholders.render(layout.root().toString(), storeOptions.stackPrefix)
              : layout.root());
      checked.ifPresent(out::println);
      notHeld.ifPresent(out::println);
      // The data in place (and here checked against the spec): before a probe, else once the sweep is under way.
      Planned ready = null;
      if (probe) {
        out.flush();
        if (imagePlan.isPresent() && imagePlan.get().registration().isPresent()) {
          // The probe runs on the image's own job definition: registered now, and the sweep then reuses it.
          ImageJobDefinitions.Plan p = imagePlan.get();
          String definition = ws.imageJobDefinitions().apply(p);
          out.println(describe(p, definition));
          record = record.withJobDefinition(definition);
          plan = plan.withRecord(record);
          imagePlan = Optional.of(new ImageJobDefinitions.Plan(p.image(), p.source(), p.name(), Optional.empty(),
              Optional.of(definition)));
        }
        ready = withData(ws, sweepSpec, plan, text, out);
        sweepSpec = ready.spec();
        plan = ready.plan();
        record = plan.record();
        new Probe(ws, localOptions, poll, out).run(plan, sweepSpec, Optional.ofNullable(stack));
      }
      Estimate estimate = Estimates.of(ws, record, sweepSpec, Optional.ofNullable(plan.planned()), prices,
          placeholders.isEmpty(), Optional.ofNullable(storeOptions.region), Set.of(id));
      out.println(estimate.text());
      Optional<String> budget = Estimates.checkBudget(sweepSpec, record, estimate);
      budget.ifPresent(out::println);
      if (dryRun) {
        placeholders.ifPresent(reason -> out.printf("the stack is not reachable, so queue, job definition and bucket"
            + " names below are placeholders naming the stack output each comes from (%s)%n", reason));
        StringWriter requests = new StringWriter();
        dryRun(new PrintWriter(requests), ws, plan, aws, staging, ownImage, imagePlan, driverJob);
        out.print(placeholders.isPresent() ? DryRunPlaceholders.render(requests.toString(), storeOptions.stackPrefix)
            : requests);
        out.flush();
        return CliExit.OK.code();
      }
      if (imagePlan.isPresent()) {
        ImageJobDefinitions.Plan p = imagePlan.get();
        String definition = ws.imageJobDefinitions().apply(p);
        out.println(describe(p, definition));
        record = record.withJobDefinition(definition);
        plan = plan.withRecord(record);
      }
      if (ready == null) {
        ready = withData(ws, sweepSpec, plan, text, out);
        sweepSpec = ready.spec();
        plan = ready.plan();
        record = plan.record();
      }
      SweepStore sweeps = ws.sweeps();
      if (plan.trials() != null) {
        sweeps.writeTrials(plan.trials());
      }
      if (costOptions.prices != null) {
        // Kept with the sweep: its budget, status and report count at these prices wherever they run.
        sweeps.writePrices(id, Files.readString(costOptions.prices));
      }
      sweeps.writeRecord(record);
      if (driven) {
        Drives.proposeFirst(ws, localOptions, record, sweepSpec, out);
      }
      if (aws) {
        if (staging.isPresent()) {
          String stageJob = ws.batchJobs().submitStage(staging.get());
          // Recorded at once: should the trials' submission fail, the record still names the staging job.
          record = record.withStageJobId(stageJob);
          sweeps.writeRecord(record);
          out.printf("submitted dataset staging job %s to %s: the trials start once it has succeeded%n", stageJob,
              staging.get().jobQueue());
          if (driven) {
            return drive(ws, record, sweepSpec, driverJob, out);
          }
          record = ws.batchJobs().submitSweepAfter(record, layout, stageJob);
        } else if (driven) {
          return drive(ws, record, sweepSpec, driverJob, out);
        } else {
          record = ws.batchJobs().submitSweep(record, layout);
        }
        sweeps.writeRecord(record);
        out.printf("submitted Batch job %s (%s) to %s%n", record.submissions().get(0).jobId(),
            record.trialCount() > 1 ? "array of " + record.trialCount() : "single trial", record.jobQueue());
        out.printf("follow it:  invoke-jobs status %s --backend aws --watch%n", id);
        out.printf("results:    invoke-jobs results %s --backend aws%n", id);
        out.flush();
        return CliExit.OK.code();
      }
      if (driven) {
        return drive(ws, record, sweepSpec, Optional.empty(), out);
      }
      LocalRun.run(ws, localOptions, record, IntStream.range(0, record.trialCount()).boxed().toList(), out);
      return Reports.summarize(ws, record, out);
    }
  }

  /** A sweep's spec and plan as they stand. */
  private record Planned(SweepSpec spec, NewSweep plan) {}

  /**
   * The sweep's built-in dataset generated into the results store if it is not there yet (once, for every
   * sweep), and on this machine checked once it exists: a declared model over it may name columns it
   * lacks, or leave the features to it. Returns the spec and plan as the check leaves them.
   */
  private Planned withData(Workspace ws, SweepSpec sweepSpec, NewSweep plan, String text, PrintWriter out) {
    BuiltinDatasets.Staged staged = new BuiltinDatasets(ws.store(), ws.layout(), localOptions.trialCommand())
        .stage(sweepSpec.data());
    if (staged.generated()) {
      out.println("generated the built-in dataset " + sweepSpec.data() + " into " + staged.uri());
    }
    if (ws.backend() == SweepRecord.Backend.AWS || !(sweepSpec.data() instanceof DataSource.Builtin)) {
      return new Planned(sweepSpec, plan);
    }
    LocalDataCheck.Checked c = new LocalDataCheck().check(sweepSpec, staged.uri());
    c.summary().ifPresent(out::println);
    SweepRecord r = plan.record();
    return new Planned(c.spec(), plan(c.spec(), text, r.id(), ws.layout(), r.backend(), r.jobQueue(), r.jobDefinition(),
        Instant.parse(r.createdAt()), Optional.ofNullable(r.commandDir())));
  }

  /**
   * Whether a driven sweep's driver runs as a Batch job: on aws unless {@code --driver here}; the
   * local backend refuses {@code --driver batch} (there is no Batch to run it).
   */
  private boolean driverOnBatch(boolean aws) {
    if (!aws && driverPlace == DriverPlace.batch) {
      throw new InvalidValueException("--driver", "here with the local backend (the driver runs as a Batch job only with"
          + " --backend aws)", driverPlace.name());
    }
    return aws && driverPlace != DriverPlace.here;
  }

  /**
   * A driven sweep: on Batch, its driver job is submitted and {@code sweep} returns; here, the driver
   * runs at once in this process, and {@code drive} continues it should this process end.
   */
  private int drive(Workspace ws, SweepRecord record, SweepSpec sweepSpec, Optional<SubmitJobRequest> driverJob,
      PrintWriter out) {
    if (driverJob.isPresent()) {
      String jobId = ws.batchJobs().submitStage(driverJob.get());
      ws.sweeps().writeRecord(record.withDriverJobId(jobId));
      out.printf("submitted driver job %s to %s: it keeps %d trial(s) in flight until %d have ended, retried by Batch"
          + " should it fail; the journal lets any restart go on where it stopped%n", jobId, driverJob.get().jobQueue(),
          record.maxParallel(), record.trialCount());
      out.printf("follow it:  invoke-jobs status %s --backend aws --watch%n", record.sweepId());
      out.flush();
      return CliExit.OK.code();
    }
    out.printf("the driver runs here; should it stop (Ctrl-C, a closed laptop), continue it with:  invoke-jobs drive %s%s%n",
        record.sweepId(), Reports.resultsHint(ws));
    out.flush();
    return Drives.drive(ws, localOptions, record, sweepSpec, Drives.poll(pollSeconds, record.backend()), out);
  }

  /**
   * What a command trainer's sweep needs before anything is read or written: locally a
   * {@code trainer.image} is ignored with a warning (on aws it selects the job definition, above).
   * Returns the command's working directory on the local backend (the spec file's absolute
   * directory), empty otherwise.
   */
  private Optional<String> commandTrainerChecks(SweepSpec sweepSpec) {
    if (!sweepSpec.commandTrainer()) {
      return Optional.empty();
    }
    Optional<String> image = sweepSpec.trainer().imageOverride();
    if (storeOptions.backend == SweepRecord.Backend.AWS) {
      // On Batch the command runs in the image's working directory: no BT_COMMAND_DIR.
      return Optional.empty();
    }
    image.ifPresent(i -> {
      PrintWriter err = spec.commandLine().getErr();
      err.println("invoke-jobs sweep: warning: trainer.image " + i + " is ignored on the local backend: the command runs"
          + " on this machine, in " + specDirectory());
      err.flush();
    });
    return Optional.of(specDirectory().toString());
  }

  /** The directory holding the spec file, absolute: where a local command trainer's command runs. */
  private Path specDirectory() {
    Path parent = specFile.toAbsolutePath().normalize().getParent();
    return parent != null ? parent : Path.of("").toAbsolutePath();
  }

  private static NewSweep plan(SweepSpec sweepSpec, String text, SweepId id, ResultsLayout layout, SweepRecord.Backend backend,
      String jobQueue, String jobDefinition, Instant now, Optional<String> commandDir) {
    NewSweep plan = NewSweep.plan(sweepSpec, text, id, layout, backend, jobQueue, jobDefinition, now);
    return commandDir.isEmpty() ? plan : plan.withRecord(plan.record().withCommandDir(commandDir.get()));
  }

  /** The job definition a dry run names when the stack cannot be read to describe its trial definition. */
  private static String unresolvedCopy(String stackDefinition, String image) {
    return "<copy of " + stackDefinition + " named <its name>" + ImageJobDefinitions.name("", image) + ", with image "
        + image + ">";
  }

  /** The one line {@code sweep} prints about the job definition that runs the sweep's own image. */
  private static String describe(ImageJobDefinitions.Plan p, String definition) {
    if (p.stackImage()) {
      return "trainer.image " + p.image() + " is the image of the stack's job definition " + definition + ": the trials"
          + " run on it";
    }
    return (p.registration().isPresent() ? "registered job definition " : "reusing job definition ") + definition
        + " for trainer.image " + p.image() + ": " + p.source().jobDefinitionArn() + " with only the image changed";
  }

  private void dryRun(PrintWriter out, Workspace ws, NewSweep plan, boolean aws, Optional<SubmitJobRequest> staging,
      Optional<String> ownImage, Optional<ImageJobDefinitions.Plan> imagePlan, Optional<SubmitJobRequest> driverJob) {
    SweepRecord record = plan.record();
    out.println();
    SweepSpec sweepSpec = new SpecReader().read(record.spec());
    if (plan.planned() != null) {
      out.print(TrialsTable.render(plan.planned(), record.parameters()));
      if (plan.trials() == null) {
        out.printf("the driver submits them in this order as slots free up, at most %d in flight (each a job of its"
            + " own): an array job's children would all run at once%n", record.maxParallel());
      }
    } else {
      out.printf("trials are proposed one at a time by the driver, from the results so far: %d in all, at most %d in"
          + " flight (each a job of its own); the first ones are random draws%n", record.trialCount(), record.maxParallel());
    }
    out.println();
    if (sweepSpec.earlyStopping() != null) {
      out.println("early stopping " + EarlyStoppingText.describe(sweepSpec.earlyStopping()) + ": each trial records its "
          + record.objective().metric() + " at the epochs it checks under " + ws.layout().sweep(record.id()).resolve("pruning/")
          + " and stops itself when the rule says (it then publishes its best checkpoint so far and exits 0)");
    }
    if (imagePlan.isPresent() && imagePlan.get().registration().isPresent()) {
      ImageJobDefinitions.Plan p = imagePlan.get();
      out.println("RegisterJobDefinition request, for trainer.image (a copy of " + p.source().jobDefinitionArn()
          + " with only the image changed; the trials' SubmitJob names its latest revision):");
      out.println(SdkJson.render(p.registration().get()));
    } else if (imagePlan.isPresent()) {
      out.println(describe(imagePlan.get(), imagePlan.get().existing().orElseThrow()));
    } else if (ownImage.isPresent()) {
      out.println("RegisterJobDefinition: " + record.jobDefinition() + ", registered when the sweep is submitted (the"
          + " stack's definition cannot be described now)");
    }
    if (aws && staging.isPresent()) {
      out.println("SubmitJob request 1 of 2, dataset staging:");
      out.println(SubmitJobJson.render(staging.get()));
      boolean driven = plan.trials() == null;
      out.println(driven ? "SubmitJob request of each trial, after the staging job, here the first (the driver submits them"
          + " as slots free up):" : "SubmitJob request 2 of 2, the trials, after the staging job:");
      out.println(SubmitJobJson.render(JobRequests.after(driven ? JobRequests.singleTrial(record, ws.layout(), 0)
          : JobRequests.wholeSweep(record, ws.layout()), STAGE_JOB_PLACEHOLDER)));
    } else if (aws && plan.trials() == null) {
      out.println("SubmitJob request of each trial, here the first (the driver submits them as slots free up):");
      out.println(SubmitJobJson.render(JobRequests.singleTrial(record, ws.layout(), 0)));
    } else if (aws) {
      out.println("SubmitJob request:");
      out.println(SubmitJobJson.render(JobRequests.wholeSweep(record, ws.layout())));
    } else {
      TrialCommand command = localOptions.trialCommand();
      out.println("each trial runs (AWS_BATCH_JOB_ARRAY_INDEX = 0.." + (record.trialCount() - 1) + "):");
      ContractEnvironment.forSweep(record.id(), ws.layout()).forEach((k, v) -> out.println("  " + k + "=" + v));
      if (record.commandDir() != null) {
        out.println("  " + JobEnv.COMMAND_DIR + "=" + record.commandDir());
      }
      out.println("  " + command.mainClass() + " " + TrialCommand.TRAIN);
      if (sweepSpec.trainer().isCommand()) {
        out.println("which runs the trainer's command, each {placeholder} replaced by the trial's value"
            + (record.commandDir() != null ? ", in " + record.commandDir() : "") + ":");
        out.println("  " + String.join(" ", sweepSpec.trainer().command()));
      }
    }
    driverJob.ifPresent(d -> {
      out.println("SubmitJob request of the driver (it submits the trials above as slots free up; --driver here runs it"
          + " in this process instead):");
      out.println(SubmitJobJson.render(d));
    });
    out.println("dry run: nothing was written or submitted");
    out.flush();
  }
}
