package com.batchtrain.reports.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.reports.EpochMetrics;
import com.batchtrain.reports.Fixtures;
import com.batchtrain.reports.TrainingHistory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBoardLogTest {
  private static final Instant START = Instant.parse("2026-11-23T14:15:00Z");

  @TempDir Path dir;

  @Test
  void referenceReaderAgreesWithTheCrc32cCheckValue() {
    // The standard CRC-32C check value, so the reader's own CRC is known good before it judges the writer.
    assertEquals(0xE3069283, IndependentEventReader.crc32c("123456789".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void filesAreNamedAndLaidOutLikeKeras() throws IOException {
    List<Path> files = TensorBoardLog.writeHistory(dir, Fixtures.classifierHistory(3, 0.003, 1), START, "ip-10-0-1-7");
    assertEquals(dir.resolve("train").resolve("events.out.tfevents.1795443300.ip-10-0-1-7"), files.get(0));
    assertEquals(dir.resolve("validation").resolve("events.out.tfevents.1795443300.ip-10-0-1-7"), files.get(1));
  }

  @Test
  void firstRecordIsTheFileVersionEventWithTensorFlowsFraming() throws IOException {
    Path train = TensorBoardLog.writeHistory(dir, Fixtures.classifierHistory(2, 0.003, 1), START, "h").get(0);
    byte[] bytes = Files.readAllBytes(train);
    // Every TensorFlow event file starts with these 12 bytes: length 24, then its masked CRC.
    assertArrayEquals(new byte[] {0x18, 0, 0, 0, 0, 0, 0, 0, (byte) 0xa3, 0x7f, 0x4b, 0x22},
        Arrays.copyOf(bytes, 12));
    IndependentEventReader.Event first = IndependentEventReader.read(train).get(0);
    assertEquals("brain.Event:2", first.fileVersion());
    assertEquals(START.getEpochSecond(), first.wallTime(), 1e-6);
    assertTrue(first.scalars().isEmpty());
  }

  @Test
  void trainAndValidationScalarsCarryEpochStepsAndValues() throws IOException {
    TrainingHistory history = Fixtures.classifierHistory(5, 0.003, 9);
    List<Path> files = TensorBoardLog.writeHistory(dir, history, START, "h");

    List<IndependentEventReader.Event> train = IndependentEventReader.read(files.get(0));
    List<IndependentEventReader.Event> validation = IndependentEventReader.read(files.get(1));
    assertEquals(1 + history.epochs().size(), train.size());
    assertEquals(1 + history.epochs().size(), validation.size());
    double previousWallTime = 0;
    for (int i = 0; i < history.epochs().size(); i++) {
      EpochMetrics epoch = history.epochs().get(i);
      IndependentEventReader.Event t = train.get(i + 1);
      IndependentEventReader.Event v = validation.get(i + 1);
      assertNull(t.fileVersion());
      assertEquals(epoch.epoch(), t.step());
      assertEquals(epoch.epoch(), v.step());
      assertEquals(List.of("epoch_accuracy", "epoch_loss", "epoch_seconds"), List.copyOf(t.scalars().keySet()));
      assertEquals(List.of("epoch_accuracy", "epoch_loss"), List.copyOf(v.scalars().keySet()));
      assertEquals((float) epoch.value("loss"), t.scalars().get("epoch_loss"));
      assertEquals((float) epoch.value("val_loss"), v.scalars().get("epoch_loss"));
      assertEquals((float) epoch.value("val_accuracy"), v.scalars().get("epoch_accuracy"));
      assertTrue(t.wallTime() > previousWallTime, "wall time advances with the epochs' seconds");
      previousWallTime = t.wallTime();
    }
    double elapsed = history.epochs().stream().mapToDouble(e -> e.value("seconds")).sum();
    assertEquals(START.getEpochSecond() + elapsed, train.get(train.size() - 1).wallTime(), 1e-3);
  }

  @Test
  void streamingEpochsAreReadableBeforeTheLogIsClosed() throws IOException {
    try (TensorBoardLog log = TensorBoardLog.open(dir, START, "h")) {
      log.logEpoch(new EpochMetrics(0, Map.of("loss", 0.9, "val_loss", 1.1, "lr", 1e-3)), START.plusSeconds(12));
      List<IndependentEventReader.Event> train = IndependentEventReader.read(log.files().get(0));
      assertEquals(2, train.size());
      assertEquals(Map.of("epoch_loss", 0.9f, "epoch_lr", 1e-3f), train.get(1).scalars());
      assertEquals(START.getEpochSecond() + 12, train.get(1).wallTime(), 1e-6);
      log.logEpoch(new EpochMetrics(1, Map.of("loss", Double.NaN, "val_loss", 0.8)), START.plusSeconds(24));
      // A NaN metric is left out rather than plotted; the epoch still reaches the validation run.
      assertEquals(2, IndependentEventReader.read(log.files().get(0)).size());
      assertEquals(1L, IndependentEventReader.read(log.files().get(1)).get(2).step());
    }
  }

  @Test
  void reopeningInTheSameSecondKeepsTheEarlierFile() throws IOException {
    TrainingHistory history = new TrainingHistory(List.of(new EpochMetrics(0, Map.of("loss", 1.0))), OptionalInt.empty());
    Path first = TensorBoardLog.writeHistory(dir, history, START, "h").get(0);
    Path second = TensorBoardLog.writeHistory(dir, history, START, "h").get(0);
    assertEquals(first.getFileName() + ".1", second.getFileName().toString());
    assertEquals(2, IndependentEventReader.read(first).size());
  }

  @Test
  void readerRejectsACorruptedRecord() throws IOException {
    Path train = TensorBoardLog.writeHistory(dir, Fixtures.classifierHistory(2, 0.003, 1), START, "h").get(0);
    byte[] bytes = Files.readAllBytes(train);
    bytes[bytes.length - 10] ^= 0x01;
    Files.write(train, bytes);
    IOException e = assertThrows(IOException.class, () -> IndependentEventReader.read(train));
    assertTrue(e.getMessage().contains("CRC mismatch"), e.getMessage());
  }
}
