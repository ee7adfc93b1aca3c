package com.batchtrain.invoke.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import com.batchtrain.storage.S3Settings;
import com.batchtrain.storage.TrialPublisher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochProgressReaderTest {
  private static final SweepId SWEEP = SweepId.of("epochs-20261123-150000-ab12");

  @TempDir
  Path results;

  private static Map<String, Object> doc(int epoch, double accuracy, double elapsed) {
    return Map.of("epoch", epoch, "metrics", Map.of("val_accuracy", accuracy), "elapsedSeconds", elapsed,
        "samplesPerSecond", 1000.0);
  }

  @Test
  void readsEachTrialsEpochFilesInEpochOrderAndNothingElse() throws Exception {
    ResultsLayout layout = new ResultsLayout(StorageUri.ofPath(results));
    try (ObjectStore store = ObjectStores.open(layout.root(), S3Settings.defaults())) {
      TrialPublisher publisher = new TrialPublisher(store, layout);
      // Written out of order: the order comes from the epoch numbers, not from the listing.
      publisher.writeEpochMetrics(SWEEP, TrialId.ofIndex(1), 2, doc(2, 0.6, 4.0));
      publisher.writeEpochMetrics(SWEEP, TrialId.ofIndex(1), 1, doc(1, 0.5, 2.0));
      publisher.writeEpochMetrics(SWEEP, TrialId.ofIndex(3), 1, doc(1, 0.7, 1.5));
      // Not epoch files: a published metrics file and a plot under the same trial.
      store.write(layout.trial(SWEEP, TrialId.ofIndex(1)).resolve("metrics.json"), "{}".getBytes(StandardCharsets.UTF_8));
      store.write(layout.trial(SWEEP, TrialId.ofIndex(1)).resolve("metrics/epoch-0001.png"), new byte[] {1});

      Map<TrialId, List<EpochProgress>> read = new EpochProgressReader(store, layout).readSweep(SWEEP);
      assertEquals(Map.of(
          TrialId.ofIndex(1), List.of(new EpochProgress(1, Map.of("val_accuracy", 0.5), 2.0),
              new EpochProgress(2, Map.of("val_accuracy", 0.6), 4.0)),
          TrialId.ofIndex(3), List.of(new EpochProgress(1, Map.of("val_accuracy", 0.7), 1.5))), read);
    }
  }

  @Test
  void aFileWhoseEpochDisagreesWithItsNameIsRejected() throws Exception {
    ResultsLayout layout = new ResultsLayout(StorageUri.ofPath(results));
    try (ObjectStore store = ObjectStores.open(layout.root(), S3Settings.defaults())) {
      new TrialPublisher(store, layout).writeEpochMetrics(SWEEP, TrialId.ofIndex(0), 3, doc(2, 0.5, 1.0));
      InvalidValueException e = assertThrows(InvalidValueException.class,
          () -> new EpochProgressReader(store, layout).readSweep(SWEEP));
      assertTrue(e.getMessage().contains("epoch-0003.json"), e.getMessage());
    }
  }
}
