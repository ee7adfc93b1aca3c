package com.batchtrain.runtime.command;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.Objective;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.runtime.model.EpochRecord;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.StoredObject;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a command trial has reported so far, kept across attempts: its metric history and the
 * checkpoints it announced. Each announced checkpoint is copied out of the command's checkpoint
 * directory (the command may go on writing there) into {@code <run dir>/command/announced/<name>},
 * then recorded in {@code state.json} (written whole, then renamed), then mirrored to the results
 * store (files first, state last). Only what {@code state.json} lists counts: a checkpoint the
 * command was still writing when it was killed was never announced, so it is never restored.
 */
final class TrialJournal {
  private static final Logger LOG = LoggerFactory.getLogger(TrialJournal.class);
  static final String DIR = "command";
  static final String STATE = "state.json";
  private static final String ANNOUNCED = "announced";

  /** An announced checkpoint: its name, the epoch it holds, and the metrics known for that epoch when it was announced. */
  record Announced(@JsonProperty("name") String name, @JsonProperty("epoch") int epoch,
      @JsonProperty("metrics") Map<String, Double> metrics) {}

  record State(@JsonProperty("announced") List<Announced> announced, @JsonProperty("history") List<EpochRecord> history) {}

  private final Path dir;
  private final ObjectStore results;
  private final StorageUri mirror;
  private final Objective objective;
  private final int keepTopK;
  private final List<Announced> announced = new ArrayList<>();
  private final java.util.TreeMap<Integer, EpochRecord> history = new java.util.TreeMap<>();

  TrialJournal(Path runDir, ObjectStore results, StorageUri checkpointsPrefix, Objective objective, int keepTopK) {
    this.dir = runDir.resolve(DIR);
    this.results = results;
    this.mirror = checkpointsPrefix.asDirectory().resolve(DIR + "/");
    this.objective = objective;
    this.keepTopK = keepTopK;
  }

  /**
   * Loads the journal (from the run directory, or from the results store's mirror when the run
   * directory is new, as on a host without the previous attempt's volume), forgets epochs after the
   * newest announced checkpoint (the command re-trains them from it) and returns that checkpoint.
   */
  Optional<Announced> resume() {
    try {
      Files.createDirectories(dir.resolve(ANNOUNCED));
      Path local = dir.resolve(STATE);
      Optional<byte[]> bytes = Files.exists(local) ? Optional.of(Files.readAllBytes(local)) : results.readIfExists(mirror.resolve(STATE));
      if (bytes.isPresent()) {
        State state = ContractJson.mapper().readValue(bytes.get(), State.class);
        for (Announced a : state.announced()) {
          Path copy = dir.resolve(ANNOUNCED).resolve(a.name());
          if (!Files.exists(copy)) {
            results.downloadDirectory(mirror.resolve(a.name() + "/"), copy);
          }
          announced.add(a);
        }
        state.history().forEach(r -> history.put(r.epoch(), r));
      }
      Optional<Announced> newest = newest();
      int keepUpTo = newest.map(Announced::epoch).orElse(0);
      history.keySet().removeIf(epoch -> epoch > keepUpTo);
      persist(false);
      return newest;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the journal of " + dir, e);
    }
  }

  /** Copies the newest announced checkpoint into {@code checkpointDir}, for the command to resume from. */
  Path restore(Announced a, Path checkpointDir) {
    Path target = checkpointDir.resolve(a.name());
    copyTree(dir.resolve(ANNOUNCED).resolve(a.name()), target);
    return target;
  }

  /** Merges an epoch's metrics (a trainer may report train and validation metrics on separate lines). */
  void recordEpoch(int epoch, Map<String, Double> metrics, double seconds) {
    EpochRecord old = history.get(epoch);
    Map<String, Double> merged = new LinkedHashMap<>(old == null ? Map.of() : old.metrics());
    merged.putAll(metrics);
    history.put(epoch, new EpochRecord(epoch, merged, old == null ? seconds : old.seconds(), 0));
    persist(false);
  }

  /**
   * Records an announcement: copies {@code checkpointDir/<name>}, then lists it in the state, then
   * mirrors it; drops checkpoints neither newest nor among the best {@code keepTopK}.
   */
  Optional<Announced> announce(String name, OptionalInt epoch, Map<String, Double> metrics, Path checkpointDir) {
    Path source = checkpointDir.resolve(name);
    if (!Files.exists(source)) {
      LOG.warn("announced checkpoint '{}' is not in {}: ignored", name, checkpointDir);
      return Optional.empty();
    }
    int at = epoch.orElse(history.isEmpty() ? 0 : history.lastKey());
    if (epoch.isPresent()) {
      recordEpoch(at, metrics, 0);
    }
    Map<String, Double> known = new LinkedHashMap<>(history.containsKey(at) ? history.get(at).metrics() : Map.of());
    known.putAll(metrics);
    Announced a = new Announced(name, at, known);
    Path copy = dir.resolve(ANNOUNCED).resolve(name);
    Path partial = dir.resolve(ANNOUNCED).resolve("." + name + ".partial");
    deleteTree(partial);
    copyTree(source, partial);
    announced.removeIf(old -> old.name().equals(name));
    deleteTree(copy);
    move(partial, copy);
    announced.add(a);
    persist(false);
    results.uploadDirectory(copy, mirror.resolve(name + "/"));
    persist(true);
    retain();
    LOG.info("checkpoint '{}' announced at epoch {}{}", name, at,
        known.containsKey(objective.metric()) ? " (" + objective.metric() + " " + known.get(objective.metric()) + ")" : "");
    return Optional.of(a);
  }

  List<EpochRecord> history() {
    return List.copyOf(history.values());
  }

  List<Announced> announced() {
    return List.copyOf(announced);
  }

  Path copyOf(Announced a) {
    return dir.resolve(ANNOUNCED).resolve(a.name());
  }

  Optional<Announced> newest() {
    return announced.isEmpty() ? Optional.empty() : Optional.of(announced.get(announced.size() - 1));
  }

  /** The announced checkpoint with the best objective value (ties: the earlier epoch); empty when none reported it. */
  Optional<Announced> best() {
    return announced.stream().filter(a -> a.metrics().containsKey(objective.metric()))
        .min(byObjective().thenComparingInt(Announced::epoch));
  }

  private Comparator<Announced> byObjective() {
    Comparator<Announced> ascending = Comparator.comparingDouble(a -> a.metrics().get(objective.metric()));
    return objective.goal() == Objective.Goal.MINIMIZE ? ascending : ascending.reversed();
  }

  private void retain() {
    Optional<Announced> newest = newest();
    List<Announced> ranked = announced.stream().filter(a -> a.metrics().containsKey(objective.metric()))
        .sorted(byObjective().thenComparingInt(Announced::epoch)).limit(keepTopK).toList();
    List<Announced> dropped = announced.stream()
        .filter(a -> !ranked.contains(a) && !newest.map(a::equals).orElse(false)).toList();
    if (dropped.isEmpty()) {
      return;
    }
    announced.removeAll(dropped);
    // The state first: a crash now leaves copies nobody lists, never a listed copy that is gone.
    persist(true);
    for (Announced a : dropped) {
      deleteTree(copyOf(a));
      for (StoredObject o : results.list(mirror.resolve(a.name() + "/"))) {
        results.delete(o.uri());
      }
    }
  }

  private void persist(boolean mirrored) {
    try {
      byte[] json = ContractJson.mapper().writeValueAsBytes(new State(announced, history()));
      Path tmp = dir.resolve(STATE + ".tmp");
      Files.write(tmp, json);
      move(tmp, dir.resolve(STATE));
      if (mirrored) {
        results.write(mirror.resolve(STATE), json);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + dir.resolve(STATE), e);
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("renaming " + from + " to " + to, e);
    }
  }

  static void copyTree(Path from, Path to) {
    try {
      if (Files.isRegularFile(from)) {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      Files.walkFileTree(from, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
          Files.createDirectories(to.resolve(from.relativize(d).toString()));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          if (attrs.isRegularFile()) {
            Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.REPLACE_EXISTING);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("copying " + from + " to " + to, e);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + root, e);
    }
  }
}
