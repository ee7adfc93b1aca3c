package com.batchtrain.storage;

import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads trial manifests, the only record readers trust of what a trial published. */
public final class ManifestReader {
  private final ObjectStore store;
  private final ResultsLayout layout;

  public ManifestReader(ObjectStore store, ResultsLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  /**
   * The trial's manifest, or empty when the trial has not finished publishing.
   *
   * @throws com.batchtrain.contract.InvalidValueException when the manifest is malformed
   */
  public Optional<Manifest> read(SweepId sweep, TrialId trial) {
    return store.readIfExists(layout.manifest(sweep, trial)).map(Manifest::fromJson);
  }

  /** The manifests of every finished trial of the sweep, ordered by trial id. */
  public List<Manifest> readSweep(SweepId sweep) {
    StorageUri trials = layout.sweep(sweep).resolve("trials/");
    List<Manifest> manifests = new ArrayList<>();
    for (StoredObject object : store.list(trials)) {
      String relative = object.uri().key().substring(trials.key().length());
      // Only trials/<trial>/manifest.json: a manifest.json a trial published as a file is deeper.
      if (relative.endsWith("/" + ResultsLayout.MANIFEST)
          && relative.indexOf('/') == relative.length() - ResultsLayout.MANIFEST.length() - 1) {
        store.readIfExists(object.uri()).map(Manifest::fromJson).ifPresent(manifests::add);
      }
    }
    manifests.sort(Comparator.comparing(Manifest::trialId));
    return List.copyOf(manifests);
  }

  /**
   * Downloads every object the trial's manifest lists and compares size and sha256.
   *
   * @throws ObjectNotFoundException when the trial has no manifest
   */
  public ManifestVerification verify(SweepId sweep, TrialId trial) {
    Manifest manifest = read(sweep, trial)
        .orElseThrow(() -> new ObjectNotFoundException(layout.manifest(sweep, trial), null));
    StorageUri prefix = layout.trial(sweep, trial);
    List<ManifestVerification.Problem> problems = new ArrayList<>();
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("bt-verify-");
      int index = 0;
      for (Manifest.Entry entry : manifest.files()) {
        Path copy = scratch.resolve("object-" + index++);
        try {
          store.download(prefix.resolve(entry.path()), copy);
        } catch (ObjectNotFoundException e) {
          problems.add(new ManifestVerification.Problem(entry.path(), "present", "missing"));
          continue;
        }
        long size = Files.size(copy);
        String sha256 = Sha256.of(copy);
        if (size != entry.size()) {
          problems.add(new ManifestVerification.Problem(entry.path(), entry.size() + " bytes", size + " bytes"));
        } else if (!sha256.equals(entry.sha256())) {
          problems.add(new ManifestVerification.Problem(entry.path(), "sha256 " + entry.sha256(), "sha256 " + sha256));
        }
        Files.delete(copy);
      }
    } catch (IOException e) {
      throw new StorageException("cannot verify " + prefix + " in a scratch directory: " + e, e);
    } finally {
      deleteQuietly(scratch);
    }
    return new ManifestVerification(manifest.sweepId(), manifest.trialId(), manifest.files().size(), problems);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover scratch directory in tmp is harmless; the verification result is what matters.
    }
  }
}
