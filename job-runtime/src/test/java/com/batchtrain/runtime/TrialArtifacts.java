package com.batchtrain.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.batchtrain.contract.Manifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Checks of a published trial's plots and TensorBoard event files, read back from the store. */
final class TrialArtifacts {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private TrialArtifacts() {}

  /** Every expected plot is in the manifest, with the size it lists, and is a PNG. */
  static void assertPlots(Manifest manifest, Path trialDir, List<String> expected) throws IOException {
    for (String name : expected) {
      String key = "plots/" + name;
      Manifest.Entry entry = manifest.files().stream().filter(f -> f.path().equals(key)).findFirst()
          .orElseThrow(() -> new AssertionError(key + " not in the manifest: " + paths(manifest)));
      byte[] png = Files.readAllBytes(trialDir.resolve(key));
      assertTrue(png.length > PNG_SIGNATURE.length, key + " is empty");
      assertEquals(entry.size(), png.length, key + " size as listed");
      assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, PNG_SIGNATURE.length), key + " PNG signature");
    }
  }

  /**
   * One train and one validation event file listed in the manifest, each holding the file_version
   * record and one record per epoch, with the Keras-style loss tag.
   */
  static void assertTensorBoard(Manifest manifest, Path trialDir, int epochs) throws IOException {
    for (String run : List.of("train", "validation")) {
      List<String> files = paths(manifest).stream()
          .filter(p -> p.startsWith("tensorboard/" + run + "/events.out.tfevents.")).toList();
      assertEquals(1, files.size(), run + " event files in the manifest: " + paths(manifest));
      Path file = trialDir.resolve(files.get(0));
      List<byte[]> records = records(file);
      assertEquals(1 + epochs, records.size(), "file_version + one event per epoch in " + file);
      assertTrue(new String(records.get(1), StandardCharsets.ISO_8859_1).contains("epoch_loss"), "epoch_loss tag in " + file);
    }
  }

  /** The records of a TFRecord-framed file: length (u64), its CRC, payload, payload CRC. */
  static List<byte[]> records(Path eventFile) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(eventFile)).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> records = new ArrayList<>();
    while (in.remaining() > 0) {
      long length = in.getLong();
      in.getInt();
      byte[] payload = new byte[Math.toIntExact(length)];
      in.get(payload);
      in.getInt();
      records.add(payload);
    }
    return records;
  }

  static List<String> paths(Manifest manifest) {
    return manifest.files().stream().map(Manifest.Entry::path).toList();
  }
}
