package com.batchtrain.runtime.checkpoint;

import com.batchtrain.contract.StorageUri;
import com.batchtrain.storage.ObjectStore;
import com.batchtrain.storage.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Copies sealed checkpoints to the results store ({@code ResultsLayout.checkpoints}) so a trial can
 * resume on a fresh host that lost its run directory. The seal is uploaded last, so a mirrored
 * checkpoint without one is recognisably partial.
 */
public final class CheckpointMirror {
  private final ObjectStore store;
  private final StorageUri prefix;

  public CheckpointMirror(ObjectStore store, StorageUri prefix) {
    this.store = store;
    this.prefix = prefix.asDirectory();
  }

  public void upload(Checkpoint c) {
    StorageUri dir = prefix.resolve(Checkpoint.dirName(c.step()) + "/");
    try (Stream<Path> files = Files.list(c.dir())) {
      for (Path f : files.sorted().toList()) {
        if (!f.getFileName().toString().equals(Checkpoint.COMPLETE)) {
          store.upload(f, dir.resolve(f.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + c.dir(), e);
    }
    store.upload(c.dir().resolve(Checkpoint.COMPLETE), dir.resolve(Checkpoint.COMPLETE));
  }

  public void delete(Checkpoint c) {
    for (StoredObject o : store.list(prefix.resolve(Checkpoint.dirName(c.step()) + "/"))) {
      store.delete(o.uri());
    }
  }

  /** Downloads every mirrored checkpoint into {@code runDir}; the store's verification then decides which are usable. */
  public int downloadInto(Path runDir) {
    Set<String> steps = new TreeSet<>();
    List<StoredObject> objects = store.list(prefix);
    String base = prefix.key();
    for (StoredObject o : objects) {
      String rel = o.uri().key().substring(base.length());
      int slash = rel.indexOf('/');
      if (slash > 0 && rel.substring(0, slash).matches("\\d{10}")) {
        steps.add(rel.substring(0, slash));
      }
    }
    for (String step : steps) {
      store.downloadDirectory(prefix.resolve(step + "/"), runDir.resolve(step));
    }
    return steps.size();
  }
}
