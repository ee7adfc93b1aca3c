package com.batchtrain.invoke.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.TrialId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.spec.Resources;
import com.batchtrain.invoke.sweep.SweepRecord;
import com.batchtrain.invoke.sweep.TrialState;
import com.batchtrain.invoke.sweep.TrialStatus;
import com.batchtrain.reports.SweepReport;
import com.batchtrain.reports.TrialSummary;
import com.batchtrain.reports.html.Leaderboard;
import com.batchtrain.reports.html.SweepTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SweepReportAssemblyTest {
  private static final String SWEEP = "asm-20261123-150000-ab12";
  private static final Objective OBJECTIVE = new Objective("val_accuracy", Objective.Goal.MAXIMIZE);
  private static final Instant NOW = Instant.parse("2026-11-23T16:00:00Z");

  private final SweepRecord record = new SweepRecord(SWEEP, "asm", SweepRecord.Backend.LOCAL, NOW.toString(), "file:///r/",
      "calcloud-memory-bin", "file:///d/", OBJECTIVE, 6, List.of("learning_rate"), 1, 600, 2, "cpu", Resources.DEFAULT,
      "", "", List.of(), "name: asm", null);
  private final TrialsFile trials = new TrialsFile(SWEEP, "calcloud-memory-bin", "file:///d/", OBJECTIVE,
      IntStream.range(0, 6).mapToObj(i -> new TrialsFile.Trial(TrialId.ofIndex(i).value(),
          Map.of("learning_rate", 0.001 * (i + 1), "epochs", 2))).toList());

  private static Manifest manifest(String trial, double accuracy, double learningRate) {
    return new Manifest(SWEEP, trial, NOW.toString(), Map.of("learning_rate", learningRate, "epochs", 2),
        Map.of("val_accuracy", accuracy, "val_loss", 1 - accuracy, "selected_epoch", 2.0), List.of());
  }

  private static EpochProgress epoch(int n, double accuracy, double elapsed) {
    return new EpochProgress(n, Map.of("loss", 1.0 / n, "val_accuracy", accuracy), elapsed);
  }

  private static TrialStatus status(String trial, TrialState state, String detail) {
    return new TrialStatus(TrialId.of(trial), state, detail, 0, 2);
  }

  private SweepReport assemble() {
    List<Manifest> manifests = List.of(manifest("t0000", 0.80, 0.5), manifest("t0001", 0.90, 0.002));
    List<TrialStatus> statuses = new ArrayList<>(List.of(
        status("t0000", TrialState.SUCCEEDED, "manifest published"),
        status("t0001", TrialState.SUCCEEDED, "manifest published"),
        status("t0002", TrialState.RUNNING, "attempt 1"),
        status("t0003", TrialState.FAILED, "exit 65 (bad_data): column memory_gb has NaN"),
        status("t0004", TrialState.STOPPED, "killed by signal 9"),
        status("t0005", TrialState.PENDING, "queued")));
    Map<TrialId, List<EpochProgress>> epochs = Map.of(
        TrialId.of("t0000"), List.of(epoch(1, 0.7, 3.0), epoch(2, 0.8, 7.5)),
        TrialId.of("t0001"), List.of(epoch(1, 0.85, 2.0), epoch(2, 0.9, 4.0)),
        // Higher than either finished trial: a running trial's latest epoch must still not be ranked.
        TrialId.of("t0002"), List.of(epoch(1, 0.99, 5.0)),
        TrialId.of("t0004"), List.of(epoch(1, 0.6, 1.25)));
    return SweepReportAssembly.assemble(record, trials, manifests, statuses, epochs, NOW);
  }

  private static TrialSummary trial(SweepReport report, String id) {
    return report.trials().stream().filter(t -> t.trialId().value().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void ranksOnlyTrialsWithAManifestAndShowsTheRestByState() {
    SweepReport report = assemble();
    assertEquals(6, report.trials().size());
    Leaderboard board = Leaderboard.of(report);
    assertEquals(List.of("t0001", "t0000", "t0002", "t0003", "t0004", "t0005"),
        board.rows().stream().map(r -> r.trial().trialId().value()).toList());
    assertEquals(List.of(OptionalInt.of(1), OptionalInt.of(2), OptionalInt.empty(), OptionalInt.empty(),
        OptionalInt.empty(), OptionalInt.empty()), board.rows().stream().map(Leaderboard.Row::rank).toList());

    TrialSummary running = trial(report, "t0002");
    assertEquals(com.batchtrain.reports.TrialState.RUNNING, running.state());
    assertEquals(Map.of("loss", 1.0, "val_accuracy", 0.99), running.finalMetrics(), "latest epoch, not final");
    assertEquals(0.003, running.hyperparameters().get("learning_rate"), "planned hyperparameters from the trials file");
    assertEquals(Optional.empty(), running.failureReason());

    TrialSummary pending = trial(report, "t0005");
    assertEquals(com.batchtrain.reports.TrialState.PENDING, pending.state());
    assertTrue(pending.history().isEmpty());
    assertEquals(0.0, pending.computeSeconds());
  }

  @Test
  void finishedTrialsTakeMetricsAndHyperparametersFromTheirManifest() {
    TrialSummary best = trial(assemble(), "t0001");
    assertEquals(com.batchtrain.reports.TrialState.SUCCEEDED, best.state());
    assertEquals(0.002, best.hyperparameters().get("learning_rate"), "the manifest's, not the trials file's 0.002");
    assertEquals(0.9, best.finalMetrics().get("val_accuracy"));
    TrialSummary second = trial(assemble(), "t0000");
    assertEquals(0.5, second.hyperparameters().get("learning_rate"), "the manifest wins over the trials file's 0.001");
    assertEquals(OptionalInt.of(2), second.history().selectedEpoch());
    assertEquals(List.of(3.0, 4.5), second.history().epochs().stream().map(e -> e.value("seconds")).toList(),
        "per-epoch seconds from the cumulative training time");
    assertEquals(7.5, second.computeSeconds());
    assertTrue(second.costUsd().isEmpty(), "no cost is made up");
  }

  @Test
  void failedAndStoppedTrialsCarryTheirReasons() {
    SweepReport report = assemble();
    TrialSummary failed = trial(report, "t0003");
    assertEquals(com.batchtrain.reports.TrialState.FAILED, failed.state());
    assertEquals(Optional.of("exit 65 (bad_data): column memory_gb has NaN"), failed.failureReason());
    TrialSummary stopped = trial(report, "t0004");
    assertEquals(com.batchtrain.reports.TrialState.FAILED, stopped.state());
    assertEquals(Optional.of("stopped (invoke-jobs resume re-runs it): killed by signal 9"), stopped.failureReason());
    assertEquals(1.25, stopped.computeSeconds());

    SweepTotals totals = SweepTotals.of(report);
    assertEquals(Map.of(com.batchtrain.reports.TrialState.SUCCEEDED, 2, com.batchtrain.reports.TrialState.FAILED, 2,
        com.batchtrain.reports.TrialState.RUNNING, 1, com.batchtrain.reports.TrialState.PENDING, 1), totals.byState());
    assertEquals(7.5 + 4.0 + 5.0 + 1.25, totals.computeSeconds(), 1e-9);
    assertEquals(0, totals.costKnownTrials());
  }

  @Test
  void aStaleLaterEpochNeverGivesNegativeSeconds() {
    // Epoch 2 re-ran after a resume from epoch 1's checkpoint; epoch 3's file is left from the first attempt.
    var history = SweepReportAssembly.history(List.of(epoch(1, 0.5, 10), epoch(2, 0.6, 30), epoch(3, 0.7, 25)),
        OptionalInt.empty());
    assertEquals(List.of(10.0, 20.0, 0.0), history.epochs().stream().map(e -> e.value("seconds")).toList());
  }

  /**
   * Early stopping: a pruned trial is finished (its manifest is published), ranked by what it
   * published, and marked in the leaderboard by its pruned_at_epoch column; the page's section states
   * the rule, the trials pruned and the epochs saved.
   */
  @Test
  void prunedTrialsAreRankedAndMarkedAndThePageStatesTheEpochsSaved() {
    TrialsFile early = new TrialsFile(SWEEP, "calcloud-memory-bin", "file:///d/", OBJECTIVE,
        IntStream.range(0, 3).mapToObj(i -> new TrialsFile.Trial(TrialId.ofIndex(i).value(),
            Map.of("learning_rate", 0.001 * (i + 1), "epochs", 9))).toList())
        .withEarlyStopping(com.batchtrain.contract.pruning.EarlyStopping.asha(1, 3, 9));
    Manifest full = manifest("t0000", 0.80, 0.001);
    Manifest pruned = new Manifest(SWEEP, "t0001", NOW.toString(), Map.of("learning_rate", 0.002, "epochs", 9),
        Map.of("val_accuracy", 0.85, "val_loss", 0.15), List.of(), null,
        new Manifest.Pruned(3, 9, "asha: not in the best 1/3 at rung epoch 3 <of 4>"));
    List<TrialStatus> statuses = List.of(status("t0000", TrialState.SUCCEEDED, "manifest published"),
        new TrialStatus(TrialId.of("t0001"), TrialState.PRUNED, "pruned at epoch 3 of 9", 3, 9),
        status("t0002", TrialState.RUNNING, "attempt 1"));
    SweepReport report = SweepReportAssembly.assemble(record, early, List.of(full, pruned), statuses,
        Map.of(TrialId.of("t0001"), List.of(epoch(1, 0.5, 1), epoch(2, 0.7, 2), epoch(3, 0.85, 3))), NOW);

    Leaderboard board = Leaderboard.of(report);
    assertEquals(List.of("t0001", "t0000", "t0002"), board.rows().stream().map(r -> r.trial().trialId().value()).toList(),
        "the pruned trial ranks by the objective it published");
    TrialSummary t1 = trial(report, "t0001");
    assertEquals(com.batchtrain.reports.TrialState.PRUNED, t1.state());
    assertEquals(3.0, t1.finalMetrics().get(SweepReportAssembly.PRUNED_AT_EPOCH));
    assertEquals(null, trial(report, "t0000").finalMetrics().get(SweepReportAssembly.PRUNED_AT_EPOCH), "only pruned trials are marked");

    String section = EarlyStoppingSection.html(early, List.of(full, pruned)).orElseThrow();
    assertTrue(section.contains("<p id=\"early-stopping-summary\">asha (grace 1, reduction 3, max 9: rungs at epochs 1, 3): 1 of 3"
        + " trials pruned, 6 epochs saved.</p>"), section);
    assertTrue(section.contains("<li data-trial-id=\"t0001\">t0001 pruned at epoch 3 of 9: asha: not in the best 1/3 at rung"
        + " epoch 3 &lt;of 4&gt;</li>"), "the runtime's reason, escaped: " + section);
    assertEquals(java.util.Optional.empty(), EarlyStoppingSection.html(trials, List.of(full)), "no section without early stopping");

    String page = EarlyStoppingSection.page(report, early, List.of(full, pruned));
    assertTrue(page.contains("<main>\n<section id=\"early-stopping\""), "first in the page's main");
    assertEquals(com.batchtrain.reports.html.SweepReportPage.render(SweepReportAssembly.assemble(record, trials, List.of(full),
        List.of(), Map.of(), NOW)), EarlyStoppingSection.page(SweepReportAssembly.assemble(record, trials, List.of(full), List.of(),
        Map.of(), NOW), trials, List.of(full)), "a sweep without early stopping gets the reports module's page as it is");
  }
}
