package com.batchtrain.runtime.publish;

import com.batchtrain.reports.TrainingHistory;
import com.batchtrain.reports.TrialEvaluation;
import com.batchtrain.reports.plots.TrialPlots;
import com.batchtrain.reports.tensorboard.TensorBoardLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes a finished trial's {@code plots/} (PNG learning curves with the selected epoch marked, and
 * the task's evaluation plots) and {@code tensorboard/} (event files of the whole history) into its
 * results directory, so the publisher lists them in the manifest like every other result.
 */
public final class TrialVisuals {
  public static final String PLOTS = "plots";
  public static final String TENSORBOARD = "tensorboard";

  private TrialVisuals() {}

  /**
   * The event files are rewritten from the full history rather than copied from the live log: after a
   * resume that history is the checkpoint's, which drops epochs a crashed attempt logged but lost.
   * {@code logStart} and {@code host} name the files, so passing the live log's values replaces the
   * live files in the results store key for key.
   */
  public static void write(Path trialDir, TrainingHistory history, TrialEvaluation evaluation, Instant logStart, String host) {
    try {
      TrialPlots.writeAll(trialDir.resolve(PLOTS), history, evaluation);
      TensorBoardLog.writeHistory(trialDir.resolve(TENSORBOARD), history, logStart, host);
    } catch (IOException e) {
      throw new UncheckedIOException("writing plots and TensorBoard logs in " + trialDir, e);
    }
  }
}
