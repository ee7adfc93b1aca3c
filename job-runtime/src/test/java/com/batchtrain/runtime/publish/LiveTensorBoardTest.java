package com.batchtrain.runtime.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.StorageUri;
import com.batchtrain.reports.ClassifierEvaluation;
import com.batchtrain.reports.RocCurve;
import com.batchtrain.runtime.model.EpochRecord;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.ObjectStores;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live log across a crash and resume, against a file:// results store. */
class LiveTensorBoardTest {
  @TempDir Path dir;

  private static EpochRecord epoch(int n) {
    return new EpochRecord(n, Map.of("loss", 1.0 / n, "val_loss", 1.5 / n, "accuracy", 0.5 + n / 100.0), 2.0, 1000);
  }

  @Test
  void aResumedSessionReplacesTheCrashedOnesLogWithTheCheckpointHistory() throws Exception {
    Path store = dir.resolve("store");
    StorageUri prefix = StorageUri.ofPath(store).resolve("sweeps/s/trials/t0000/tensorboard/");
    Path remote = store.resolve("sweeps/s/trials/t0000/tensorboard");
    try (ObjectStore results = ObjectStores.open(prefix, Map.of())) {
      LiveTensorBoard crashed = new LiveTensorBoard(dir.resolve("run/tensorboard"), results, prefix, "host-a");
      crashed.onStart(List.of());
      for (int e = 1; e <= 3; e++) {
        crashed.onEpoch(epoch(e), e * 2.0);
      }
      assertEquals(List.of(4, 4), recordCounts(remote), "file_version + 3 epochs, uploaded as they finish");
      // Killed after epoch 3; its last checkpoint was epoch 2. A new host resumes from it.

      try (LiveTensorBoard resumed = new LiveTensorBoard(dir.resolve("run2/tensorboard"), results, prefix, "host-b")) {
        resumed.onStart(List.of(epoch(1), epoch(2)));
        resumed.onEpoch(epoch(3), 6.0);
        resumed.onEpoch(epoch(4), 8.0);
        List<Path> files = eventFiles(remote);
        assertEquals(2, files.size(), "the crashed session's files are gone: " + files);
        assertTrue(files.stream().allMatch(f -> f.getFileName().toString().endsWith(".host-b")), files.toString());
        assertEquals(List.of(5, 5), recordCounts(remote), "epochs 1-4 once each");

        // The publish-time rewrite of the whole history has the live files' names, so it replaces them.
        Path published = dir.resolve("publish");
        TrialVisuals.write(published, ReportInputs.history(List.of(epoch(1), epoch(2), epoch(3), epoch(4)), 2),
            new ClassifierEvaluation(List.of("a", "b"), new long[][] {{3, 1}, {0, 4}},
                List.of(new RocCurve("b", new double[] {0, 0.25, 1}, new double[] {0, 1, 1}, 0.875))),
            resumed.logStart(), "host-b");
        List<String> liveNames = files.stream().map(f -> remote.relativize(f).toString()).sorted().toList();
        List<String> publishedNames = eventFiles(published.resolve("tensorboard")).stream()
            .map(f -> published.resolve("tensorboard").relativize(f).toString()).sorted().toList();
        assertEquals(liveNames, publishedNames);
        assertTrue(Files.size(published.resolve("plots/roc.png")) > 0);
      }
    }
  }

  private static List<Path> eventFiles(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList();
    }
  }

  /** Records per event file (train first, then validation), read from the TFRecord framing. */
  private static List<Integer> recordCounts(Path root) throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (Path f : eventFiles(root)) {
      ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
      int n = 0;
      while (in.remaining() > 0) {
        long length = in.getLong();
        in.position(in.position() + 4 + (int) length + 4);
        n++;
      }
      counts.add(n);
    }
    return counts;
  }
}
