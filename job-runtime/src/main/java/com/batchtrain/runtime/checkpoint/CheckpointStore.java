package com.batchtrain.runtime.checkpoint;

import com.batchtrain.runtime.model.MlpModel;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints in a trial's run directory, one directory per global step. A checkpoint is written into
 * a temporary sibling, sealed with a {@code COMPLETE} file listing every file's size and sha256, and
 * renamed into place, so a crash leaves either no checkpoint or a whole one. Reading verifies the
 * seal: a missing or mismatching one means the checkpoint is skipped (and logged), never half-used.
 */
public final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String TMP_PREFIX = ".tmp-";

  private final Path runDir;
  /** Each bad checkpoint is reported once, not on every listing. */
  private final java.util.Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public CheckpointStore(Path runDir) {
    this.runDir = runDir;
  }

  public Path runDir() {
    return runDir;
  }

  public Checkpoint write(long step, MlpModel model, TrainingState state) {
    try {
      Files.createDirectories(runDir);
      Path tmp = Files.createTempDirectory(runDir, TMP_PREFIX + Checkpoint.dirName(step) + "-");
      model.save(tmp.resolve(Checkpoint.VARIABLES));
      Files.write(tmp.resolve(Checkpoint.STATE), JSON.writeValueAsBytes(state));
      Map<String, Map<String, Object>> seal = new TreeMap<>();
      try (Stream<Path> files = Files.list(tmp)) {
        for (Path f : files.sorted().toList()) {
          seal.put(f.getFileName().toString(), Map.of("size", Files.size(f), "sha256", sha256(f)));
        }
      }
      Files.write(tmp.resolve(Checkpoint.COMPLETE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(seal));
      Path target = runDir.resolve(Checkpoint.dirName(step));
      if (Files.exists(target)) {
        // Same step written again (a resumed run re-reaching it): the new one supersedes it.
        deleteTree(target);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
      return new Checkpoint(step, target, state);
    } catch (IOException e) {
      throw new UncheckedIOException("writing checkpoint " + step + " in " + runDir, e);
    }
  }

  /** Every verified checkpoint, oldest first; incomplete or corrupt ones are logged and skipped. */
  public List<Checkpoint> valid() {
    List<Checkpoint> out = new ArrayList<>();
    if (!Files.isDirectory(runDir)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(runDir)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        String name = dir.getFileName().toString();
        if (name.startsWith(TMP_PREFIX)) {
          warnOnce(dir, "skipping incomplete checkpoint {} (never sealed; left by an interrupted write)");
          continue;
        }
        if (!name.matches("\\d{10}")) {
          continue;
        }
        verify(dir).ifPresent(out::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing checkpoints in " + runDir, e);
    }
    out.sort(Comparator.comparingLong(Checkpoint::step));
    return out;
  }

  public Optional<Checkpoint> latest() {
    List<Checkpoint> all = valid();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  Optional<Checkpoint> verify(Path dir) {
    Path sealFile = dir.resolve(Checkpoint.COMPLETE);
    if (!Files.isRegularFile(sealFile)) {
      warnOnce(dir, "skipping checkpoint {}: no " + Checkpoint.COMPLETE + " seal");
      return Optional.empty();
    }
    try {
      Map<String, Map<String, Object>> seal = JSON.readValue(sealFile.toFile(), new TypeReference<>() {});
      if (!seal.containsKey(Checkpoint.STATE)) {
        warnOnce(dir, "skipping checkpoint {}: seal does not list " + Checkpoint.STATE);
        return Optional.empty();
      }
      for (Map.Entry<String, Map<String, Object>> e : seal.entrySet()) {
        Path f = dir.resolve(e.getKey());
        if (!Files.isRegularFile(f)) {
          warnOnce(dir, "skipping checkpoint {}: " + e.getKey() + " is missing");
          return Optional.empty();
        }
        long size = ((Number) e.getValue().get("size")).longValue();
        if (Files.size(f) != size || !sha256(f).equals(e.getValue().get("sha256"))) {
          warnOnce(dir, "skipping checkpoint {}: " + e.getKey() + " does not match its sha256/size in the seal (corrupt)");
          return Optional.empty();
        }
      }
      TrainingState state = JSON.readValue(dir.resolve(Checkpoint.STATE).toFile(), TrainingState.class);
      return Optional.of(new Checkpoint(Long.parseLong(dir.getFileName().toString()), dir, state));
    } catch (IOException | RuntimeException e) {
      warnOnce(dir, "skipping checkpoint {}: unreadable (" + e + ")");
      return Optional.empty();
    }
  }

  private void warnOnce(Path dir, String message) {
    if (reported.add(dir.toString())) {
      LOG.warn(message, dir);
    }
  }

  public void delete(Checkpoint c) {
    try {
      deleteTree(c.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("deleting checkpoint " + c.dir(), e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      MessageDigest md = ((DigestInputStream) in).getMessageDigest();
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
