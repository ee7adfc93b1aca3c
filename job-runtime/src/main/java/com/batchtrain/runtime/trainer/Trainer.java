package com.batchtrain.runtime.trainer;

/**
 * A trainer written in Java, run by the harness with the guarantees a command trainer gets
 * (announced checkpoints kept and restored, SIGTERM as {@link TrainingSession#stopRequested},
 * best-checkpoint selection, atomic publishing). Found with {@link java.util.ServiceLoader}: list
 * the class in {@code META-INF/services/com.batchtrain.runtime.trainer.Trainer} of its jar, and name
 * it in the sweep spec, {@code trainer: {java: <name>, classpath: [path/to/your.jar]}}.
 *
 * <p>Throw {@code com.batchtrain.datasets.BadDataException} for data that cannot train (exit 65,
 * not retried), {@code com.batchtrain.contract.InvalidValueException} for a bad hyperparameter (64);
 * any other exception fails the trial (1) with its message as the reason.
 */
public interface Trainer {
  /** The name the sweep spec gives: lowercase letters, digits and '-'. */
  String name();

  /**
   * Trains one trial: report metrics per epoch, write and announce checkpoints, resume from
   * {@link TrainingSession#resumeFrom} when present, return when done (or when stop is requested,
   * after announcing a last checkpoint).
   */
  void train(TrainingSession session) throws Exception;
}
