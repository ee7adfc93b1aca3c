package com.batchtrain.invoke.sweep;

/**
 * One Batch job of a sweep: an array job over trials {@code firstIndex .. firstIndex+count-1}
 * (array index = trial index), or a plain job for one trial ({@code array} false).
 */
public record Submission(String jobId, String jobName, int firstIndex, int count, boolean array, String submittedAt) {
  public boolean covers(int trialIndex) {
    return trialIndex >= firstIndex && trialIndex < firstIndex + count;
  }
}
