package com.batchtrain.invoke.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.invoke.CliRun;
import com.batchtrain.invoke.ContractTrial;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sweep uses and will use on the local backend, through the real CLI with {@link ContractTrial}
 * (every epoch records 0.1 s): the first sweep has no estimate; status and results count its attempts
 * (hours, nothing billed, the retried one lost); the next sweep of the same model and data is estimated
 * from it, one of other data is not; a probe measures a sweep that has no earlier one.
 */
class LocalCostTest {
  private static final Pattern SWEEP_LINE = Pattern.compile("^sweep: (\\S+)$", Pattern.MULTILINE);

  @TempDir Path tmp;
  Path results;
  Path data;

  @BeforeEach
  void data() throws Exception {
    results = tmp.resolve("results");
    data = Files.createDirectories(tmp.resolve("data"));
    new com.batchtrain.runtime.preset.CalcloudGenerator(1).writeCsv(data.resolve("rows.csv"), 20);
  }

  private Path spec(String name, Path dataDir, String more) throws Exception {
    Path spec = tmp.resolve(name + ".yaml");
    Files.writeString(spec, """
        name: %s
        preset: calcloud-memory-bin
        data: %s
        objective: {metric: val_accuracy, goal: maximize}
        method: grid
        retries: 1
        timeout: 5m
        parameters:
          learning_rate: {values: [0.01, 0.02, 0.03]}
          epochs: {value: 3}
        """.formatted(name, StorageUri.ofPath(dataDir)) + more);
    return spec;
  }

  private CliRun cli(String command, String... more) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of(more));
    args.addAll(List.of("--results", results.toString()));
    if (command.equals("sweep")) {
      args.addAll(List.of("--work-dir", tmp.resolve("work").toString(), "--cache-dir", tmp.resolve("cache").toString(),
          "--parallel", "2", "--runtime-main", ContractTrial.class.getName()));
    }
    return CliRun.of(args.toArray(String[]::new));
  }

  private static String sweepId(CliRun run) {
    Matcher m = SWEEP_LINE.matcher(run.out());
    assertTrue(m.find(), run.toString());
    return m.group(1);
  }

  @Test
  void aSweepIsEstimatedFromTheEarlierSweepsOfItsModelAndDataAndStatusCountsWhatRan() throws Exception {
    Files.createDirectories(results.resolve("script"));
    Files.writeString(results.resolve("script").resolve("t0001"), "75 0");
    CliRun first = cli("sweep", spec("cost", data, "max_cost: 5\n").toString());
    assertEquals(0, first.exitCode(), first.toString());
    assertTrue(first.out().contains("no estimate: no earlier sweep of this model and data, and no --probe"), first.out());
    assertTrue(first.out().contains("max_cost $5.00 applies on aws only: nothing is billed on this machine"),
        first.out());
    String id = sweepId(first);

    // Four attempts: t0001's first was lost to its retry.
    CliRun status = cli("status", id);
    assertEquals(0, status.exitCode(), status.toString());
    assertTrue(status.out().matches("(?s).*\ncost: ran: 4 attempts, \\d+ s on this machine \\(nothing billed\\); lost to"
        + " retries: 1 attempt, \\d+ s \\(\\d+\\.\\d %\\)\n.*"), status.out());
    JsonNode json = ContractJson.mapper().readTree(cli("results", id, "--format", "json").out());
    JsonNode cost = json.path("cost");
    assertFalse(cost.path("billed").asBoolean(), cost.toString());
    assertEquals(4, cost.path("attempts").asInt(), cost.toString());
    assertEquals(1, cost.path("lostAttempts").asInt(), cost.toString());
    assertTrue(cost.path("hours").asDouble() > 0, cost.toString());
    assertTrue(cli("results", id).out().contains("\ncost: ran: 4 attempts"), "the table's last line");

    // The same model and data: estimated from the first sweep, 0.1 s an epoch, the three single-attempt trials'
    // start-up measured.
    CliRun second = cli("sweep", spec("cost", data, "").toString(), "--dry-run");
    assertEquals(0, second.exitCode(), second.toString());
    assertTrue(second.out().matches("(?s).*\nestimate: 3 trials x 3 epochs x 0\\.10 s/epoch \\+ [\\d.]+ s start-up each:"
        + " [\\d-]+ s of trials on this machine \\(nothing billed\\)\n  from \\d+ epochs of sweep " + id
        + "; start-up [\\d.]+ s, the median of 2 measured attempts\n.*"), second.out());

    // Other data: nothing recorded for it.
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.copy(data.resolve("rows.csv"), other.resolve("rows.csv"));
    CliRun elsewhere = cli("sweep", spec("cost", other, "").toString(), "--dry-run");
    assertTrue(elsewhere.out().contains("no estimate: no earlier sweep of this model and data"), elsewhere.out());
  }

  @Test
  void aProbeRunsTheFirstTrialForTwoEpochsAndTheEstimateIsMadeFromIt() throws Exception {
    CliRun probe = cli("sweep", spec("probed", data, "").toString(), "--probe", "--dry-run");
    assertEquals(0, probe.exitCode(), probe.toString());
    Matcher m = Pattern.compile("probe (probed-probe-\\S+): one trial \\(learning_rate=0.01 epochs=3\\) for 2 epochs")
        .matcher(probe.out());
    assertTrue(m.find(), probe.out());
    String probeId = m.group(1);
    assertTrue(probe.out().matches("(?s).*\nestimate: 3 trials x 3 epochs x 0\\.10 s/epoch.*\n  from [23] epochs of sweep "
        + probeId + ";.*"), probe.out());
    assertTrue(probe.out().contains("dry run: nothing was written or submitted"), probe.out());
    // The probe is a sweep of its own in the store, with one trial; the sweep itself was not written.
    assertTrue(Files.exists(results.resolve("sweeps").resolve(probeId).resolve("sweep.json")));
    try (var sweeps = Files.list(results.resolve("sweeps"))) {
      assertEquals(List.of(probeId), sweeps.map(p -> p.getFileName().toString()).toList());
    }
    CliRun status = cli("status", probeId);
    assertTrue(status.out().contains("cost: ran: 1 attempt"), status.out());
  }
}
