// A user's Java trainer, compiled by the tests into a jar of its own (JavaTrainerTest, aws-e2e).
package com.example;

import com.batchtrain.runtime.trainer.Trainer;
import com.batchtrain.runtime.trainer.TrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

public final class ToyTrainer implements Trainer {
  @Override public String name() { return "toy"; }

  @Override public void train(TrainingSession s) throws Exception {
    double lr = s.number("lr", 0.1);
    int epochs = (int) s.number("epochs", 3);
    String mode = String.valueOf(s.hyperparameters().getOrDefault("mode", "normal"));
    int start = 1;
    if (s.resumeFrom().isPresent()) {
      start = Integer.parseInt(Files.readString(s.resumeFrom().get().resolve("epoch")).trim()) + 1;
      System.out.println("toy: resuming after epoch " + (start - 1));
    }
    if (mode.equals("bad-data")) {
      throw new com.batchtrain.datasets.BadDataException(s.data() + ":1: no column 'leaf'");
    }
    for (int e = start; e <= epochs; e++) {
      s.report(e, Map.of("val_loss", 1 / (10 * e * lr)));
      Path c = s.newCheckpoint("ckpt-" + e);
      Files.writeString(c.resolve("epoch"), Integer.toString(e));
      s.announceCheckpoint("ckpt-" + e, e);
      if (mode.equals("fail-at-2") && e == 2 && s.resumeFrom().isEmpty()) {
        throw new IllegalStateException("toy: out of memory at epoch 2");
      }
    }
    Files.writeString(s.outputDir().resolve("hyperparameters.txt"), s.hyperparameters().toString());
  }
}
