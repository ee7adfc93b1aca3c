package com.batchtrain.runtime.staging;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.contract.JobEnv;
import com.batchtrain.contract.ModelSpec;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.contract.SweepId;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.datasets.DatasetCheck;
import com.batchtrain.datasets.ScannedTable;
import com.batchtrain.runtime.data.DatasetLoader;
import com.batchtrain.contract.preset.Presets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage job's check of a staged dataset against the model its sweep declares (the trials
 * file's preset or model): every row of every file, so that a dataset that cannot train fails the
 * stage job (exit 65, with the file and line) and Batch fails the sweep's trials before one starts,
 * instead of each trial failing with the same message. Run again for every sweep, whether the stage
 * job staged the dataset or found it already staged.
 */
public final class SweepDatasetCheck {
  private static final Logger LOG = LoggerFactory.getLogger(SweepDatasetCheck.class);

  private final TrialsFile trials;

  private SweepDatasetCheck(TrialsFile trials) {
    this.trials = trials;
  }

  /**
   * Reads the trials file (before anything is staged: a missing or bad one is bad input).
   *
   * @param sweepId the sweep the job was started for, which must be the file's
   */
  public static SweepDatasetCheck read(StorageUri trialsUri, Optional<String> sweepId, Function<StorageUri, byte[]> reader) {
    sweepId.ifPresent(id -> SweepId.of(id));
    TrialsFile file = TrialsFile.fromJson(reader.apply(trialsUri));
    if (sweepId.isPresent() && !sweepId.get().equals(file.sweepId())) {
      throw new InvalidValueException("--sweep-id / " + JobEnv.SWEEP_ID, "the trials file's sweep id " + file.sweepId(),
          sweepId.get());
    }
    // Resolved here so an unknown preset is bad input before the dataset is staged.
    if (file.trainerOrBuiltin().isBuiltin()) {
      model(file);
    }
    return new SweepDatasetCheck(file);
  }

  /** The dataset the trials file names. */
  public StorageUri dataUri() {
    return StorageUri.parse("trials file dataUri", trials.dataUri());
  }

  /** Reads the whole staged dataset against the sweep's model; a misfit is a {@code BadDataException} (exit 65). */
  public Optional<ScannedTable> check(Path staged) {
    if (!trials.trainerOrBuiltin().isBuiltin()) {
      // A command or Java trainer reads the data its own way: there is no declaration to check it against.
      LOG.info("dataset {} staged for sweep {}'s own trainer (its format is the trainer's to check)", staged, trials.sweepId());
      return Optional.empty();
    }
    ScannedTable table = new DatasetLoader(model(trials)).check(staged);
    LOG.info("dataset {} fits sweep {}'s model ({}): {}", staged, trials.sweepId(),
        trials.model() != null ? Presets.declared(trials.model()).name() : trials.preset(), DatasetCheck.summary(table));
    return Optional.of(table);
  }

  private static ModelSpec model(TrialsFile file) {
    return file.model() != null ? file.model() : Presets.byName(file.preset()).model();
  }
}
