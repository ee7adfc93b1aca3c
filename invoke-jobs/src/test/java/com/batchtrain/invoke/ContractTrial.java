package com.batchtrain.invoke;

import com.batchtrain.contract.FailureRecord;
import com.batchtrain.contract.Hyperparameters;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import com.batchtrain.storage.TrialPublisher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the job runtime that follows the job contract exactly (environment in, epoch
 * metrics and a manifest out through the storage module, contract exit codes) but trains nothing,
 * so that executor tests run in seconds and can script each attempt's outcome.
 *
 * <p>Script (file:// results only; on S3 every attempt succeeds): {@code <results dir>/script/<trial>} holds one outcome per attempt (an exit code, or
 * {@code hang} to wait until killed); the last one repeats. Each attempt appends a line to
 * {@code <results dir>/script/<trial>.attempts}. When {@code <results dir>/script/<trial>.reason}
 * exists, a failing attempt first leaves its failure record with that reason, as the runtime does
 * (attempt from {@code AWS_BATCH_JOB_ATTEMPT}); otherwise it leaves none. {@code prune:N} is a trial
 * early stopping ends after epoch N: it publishes its manifest with {@code pruned} (epoch N of its
 * epochs) and exits 0, as the runtime does. Metrics: {@code val_accuracy = 10 * learning_rate}.
 * The published {@code config.json} records the attempt and the {@code BT_VCPUS} it was given.
 *
 * <p>A command trainer's sweep (the trials file names a {@code trainer.command}) runs no command: its
 * open hyperparameters are taken as they are (epochs from an integer {@code epochs}, else 2; metrics
 * from a numeric {@code learning_rate}, else 0.05), and {@code config.json} also records the
 * {@code BT_COMMAND_DIR} the backend passed and the hyperparameters' JSON types as read back.
 */
public final class ContractTrial {
  private ContractTrial() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !args[0].equals("train")) {
      System.err.println("usage: ContractTrial train");
      System.exit(64);
    }
    Map<String, String> env = System.getenv();
    SweepId sweep = SweepId.of(env.get(JobEnv.SWEEP_ID));
    StorageUri results = StorageUri.parse(env.get(JobEnv.RESULTS_URI));
    String index = env.getOrDefault(JobEnv.ARRAY_INDEX, env.get(JobEnv.TRIAL_INDEX));
    TrialId trial = TrialId.ofIndex(Integer.parseInt(index));
    ResultsLayout layout = new ResultsLayout(results);
    int attempt = 1;
    String outcome = "0";
    if (!results.isS3()) {
      Path script = results.toPath().resolve("script");
      Files.createDirectories(script);
      Path attempts = script.resolve(trial + ".attempts");
      Files.writeString(attempts, "attempt\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      attempt = Files.readAllLines(attempts).size();
      List<String> outcomes = Files.exists(script.resolve(trial.value()))
          ? List.of(Files.readString(script.resolve(trial.value())).trim().split("\\s+"))
          : List.of("0");
      outcome = outcomes.get(Math.min(attempt, outcomes.size()) - 1);
    }

    try (ObjectStore store = ObjectStores.open(results, env)) {
      TrialsFile trials = TrialsFile.fromJson(store.read(StorageUri.parse(env.get(JobEnv.TRIALS_URI))));
      Map<String, Object> raw = trials.trial(trial.index()).hyperparameters();
      boolean command = trials.trainer() != null && trials.trainer().isCommand();
      Map<String, Object> hpMap;
      double learningRate;
      int epochs;
      if (command) {
        hpMap = raw;
        learningRate = raw.get("learning_rate") instanceof Number n ? n.doubleValue() : 0.05;
        epochs = raw.get("epochs") instanceof Integer e ? e : 2;
      } else {
        Hyperparameters hp = Hyperparameters.parse(raw);
        hpMap = hp.toMap();
        learningRate = hp.learningRate();
        epochs = hp.epochs();
      }
      TrialPublisher publisher = new TrialPublisher(store, layout);
      double accuracy = 10 * learningRate;
      if (outcome.equals("hang")) {
        publisher.writeEpochMetrics(sweep, trial, 1, epoch(1, accuracy / 2));
        Thread.sleep(600_000);
        System.exit(70);
      }
      com.batchtrain.contract.Manifest.Pruned pruned = null;
      if (outcome.startsWith("prune:")) {
        int at = Integer.parseInt(outcome.substring("prune:".length()));
        pruned = new com.batchtrain.contract.Manifest.Pruned(at, epochs, "asha: below the best 1/3 at rung epoch " + at);
        epochs = at;
        outcome = "0";
      }
      int code = Integer.parseInt(outcome);
      if (code != 0) {
        Path reason = results.isS3() ? null : results.toPath().resolve("script").resolve(trial + ".reason");
        if (reason != null && Files.exists(reason)) {
          store.write(layout.trialFailure(sweep, trial, JobEnv.attempt(env)), FailureRecord.of(sweep, java.util.Optional.of(trial),
              JobEnv.attempt(env), code, Files.readString(reason), java.time.Instant.now(), FailureRecord.Writer.JOB_RUNTIME).toJson());
        }
        System.exit(code);
      }
      for (int epoch = 1; epoch <= epochs; epoch++) {
        publisher.writeEpochMetrics(sweep, trial, epoch, epoch(epoch, accuracy * epoch / epochs));
      }
      Path dir = Files.createTempDirectory("contract-trial-");
      // What the backend passed, for its tests: the attempt and BT_VCPUS (null when unset).
      String vcpus = env.get(JobEnv.VCPUS) == null ? "null" : "\"" + env.get(JobEnv.VCPUS) + "\"";
      String commandDir = env.get(JobEnv.COMMAND_DIR) == null ? "null"
          : com.batchtrain.contract.ContractJson.mapper().writeValueAsString(env.get(JobEnv.COMMAND_DIR));
      Map<String, String> types = new java.util.TreeMap<>();
      raw.forEach((k, v) -> types.put(k, v == null ? "null" : v.getClass().getSimpleName()));
      Files.writeString(dir.resolve("config.json"), "{\"attempt\": " + attempt + ", \"vcpus\": " + vcpus
          + ", \"commandDir\": " + commandDir + ", \"types\": "
          + com.batchtrain.contract.ContractJson.mapper().writeValueAsString(types) + "}\n", StandardCharsets.UTF_8);
      publisher.publish(sweep, trial, dir, hpMap, Map.of("val_accuracy", accuracy, "val_loss", 1 - accuracy), null, pruned);
    }
    System.exit(0);
  }

  /** An epoch's metrics document shaped as the runtime writes it (what status, report and early stopping read). */
  private static Map<String, Object> epoch(int epoch, double accuracy) {
    return Map.of("epoch", epoch, "metrics", Map.of("val_accuracy", accuracy), "elapsedSeconds", 0.1 * epoch);
  }
}
