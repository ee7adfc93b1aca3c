package com.batchtrain.contract;

/**
 * Tags on the Batch jobs of a sweep. The CLI tags every job it submits for a sweep (staging job,
 * trials, a driven sweep's driver) with {@link #SWEEP}; the driver job's role may tag, cancel and
 * terminate only jobs that carry it (IAM conditions on {@code aws:RequestTag} / {@code aws:ResourceTag}).
 */
public final class JobTags {
  private JobTags() {}

  /** Key of the tag whose value is the sweep id. */
  public static final String SWEEP = "batchtrain:sweep";
}
