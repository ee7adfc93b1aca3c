package com.batchtrain.invoke.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.cost.InstanceOption;
import com.batchtrain.invoke.cost.Market;
import com.batchtrain.invoke.cost.Placement;
import com.batchtrain.invoke.cost.PriceTable;
import com.batchtrain.invoke.cost.Range;
import com.batchtrain.invoke.spec.SpecReader;
import com.batchtrain.invoke.spec.SweepSpec;
import com.batchtrain.invoke.sweep.TrialPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a planned sweep and recorded evidence become the estimate {@code sweep} prints. */
class SweepEstimatorTest {
  private static final SpecReader READER = new SpecReader();
  private static final Placement QUARTER_P3 = Placement.on(InstanceOption.of(8, 59_392, 1,
      PriceTable.shipped().price("us-east-1", "p3.8xlarge")), Market.SPOT);
  /** Ten epochs of 30 s and two trials' start-up of 50 and 70 s, from one earlier sweep. */
  private static final Evidence EVIDENCE = new Evidence(List.of(30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0, 30.0,
      30.0), List.of(50.0, 70.0), List.of(5, 5), List.of(SweepId.of("s-20261201-000000-0000")));

  private static SweepSpec spec(String rest) {
    return READER.read("""
        name: est
        trainer: {command: [python3, train.py, "{lr}"]}
        data: s3://team/data.csv
        objective: {metric: val_loss, goal: minimize}
        queue: gpu-spot
        """ + rest);
  }

  private static TrialsFile trials(SweepSpec spec) {
    List<Map<String, Object>> points = new TrialPlanner().expand(spec);
    List<TrialsFile.Trial> trials = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      trials.add(new TrialsFile.Trial(String.format("t%04d", i), points.get(i)));
    }
    return new TrialsFile("est-1", "m", null, "s3://team/data.csv", spec.objective(), trials, null);
  }

  @Test
  void aGridOfEpochsIsEstimatedAtItsMeanWithTheMeasuredStartUp() {
    SweepSpec spec = spec("""
        method: grid
        parameters:
          lr: {values: [0.1, 0.01]}
          epochs: {values: [10, 30]}
        """);
    Estimate e = SweepEstimator.estimate(spec, 4, Optional.of(trials(spec)), EVIDENCE, Optional.of(QUARTER_P3));
    // Mean 20 epochs x 30 s + 60 s (the median start-up) = 660 s a trial; 4 trials at a quarter node = 0.18333 h.
    assertEquals(4 * 660 / 3600.0 / 4, e.cost().orElseThrow().instanceHours().high(), 1e-12);
    // Spot: x $1.936/h.
    assertEquals(0.18333333 * 1.936, e.cost().orElseThrow().expectedDollars().high(), 1e-6);
    assertTrue(e.text().startsWith("estimate: 4 trials x 20 epochs x 30 s/epoch + 60 s start-up each, at 1/4 of a"
        + " p3.8xlarge (us-east-1)"), e.text());
    assertTrue(e.text().contains("  from 10 epochs of sweep s-20261201-000000-0000; start-up 60 s, the median of 2"
        + " measured attempts"), e.text());
  }

  @Test
  void aDrivenSweepsEpochsAreTheRangeOfItsParameterAndAshaExpectsAShareOfThem() {
    SweepSpec spec = spec("""
        method: bayes
        max_trials: 12
        early_stopping: {method: asha, grace: 1, reduction: 3}
        parameters:
          lr: {min: 0.001, max: 0.1, distribution: log_uniform}
          epochs: {values: [3, 9]}
        """);
    Estimate e = SweepEstimator.estimate(spec, 12, Optional.empty(), EVIDENCE, Optional.of(QUARTER_P3));
    // ASHA at 9 epochs (grace 1, reduction 3): 1 + 2/3 + 6/9 = 2.33 expected, 25.9 % of them.
    assertEquals(new Range(3, 9), e.cost().orElseThrow().epochsPerTrial());
    assertEquals((1 + 2.0 / 3 + 6.0 / 9) / 9, e.cost().orElseThrow().expectedShare().getAsDouble(), 1e-12);
    assertTrue(e.text().startsWith("estimate: 12 trials x 3-9 epochs (26 % expected with early stopping) x 30 s/epoch"),
        e.text());
    assertTrue(e.text().contains("without early stopping: up to"), e.text());
  }

  @Test
  void aTrainerWithoutAnEpochsParameterRunsWhatItsEarlierTrialsRan() {
    SweepSpec spec = spec("""
        method: grid
        parameters:
          lr: {values: [0.1, 0.01]}
        """);
    Estimate e = SweepEstimator.estimate(spec, 2, Optional.of(trials(spec)), EVIDENCE, Optional.of(QUARTER_P3));
    assertEquals(Range.of(5), e.cost().orElseThrow().epochsPerTrial());
    Evidence noEndings = new Evidence(EVIDENCE.epochSeconds(), List.of(), List.of(), EVIDENCE.from());
    assertEquals("no estimate: how many epochs a trial trains is unknown (no parameter epochs, no early_stopping.max,"
        + " and no trial of an earlier sweep trained to its end)",
        SweepEstimator.estimate(spec, 2, Optional.of(trials(spec)), noEndings, Optional.of(QUARTER_P3)).text());
  }

  @Test
  void withoutRecordedEpochsThereIsNoEstimateAndOnThisMachineNoDollars() {
    SweepSpec spec = spec("""
        method: grid
        parameters:
          lr: {values: [0.1]}
          epochs: {value: 4}
        """);
    assertEquals("no estimate: no earlier sweep of this model and data, and no --probe",
        SweepEstimator.estimate(spec, 1, Optional.of(trials(spec)), Evidence.NONE, Optional.of(QUARTER_P3)).text());
    Evidence noStartup = new Evidence(EVIDENCE.epochSeconds(), List.of(), List.of(), EVIDENCE.from());
    Estimate local = SweepEstimator.estimate(spec, 1, Optional.of(trials(spec)), noStartup, Optional.empty());
    assertTrue(local.cost().isEmpty());
    assertEquals("""
        estimate: 1 trial x 4 epochs x 30 s/epoch: 2 min of trials on this machine (nothing billed)
          from 10 epochs of sweep s-20261201-000000-0000; start-up not measured, so not included""", local.text());
  }
}
