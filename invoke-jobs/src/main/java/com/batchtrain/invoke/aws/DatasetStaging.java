package com.batchtrain.invoke.aws;

import com.batchtrain.contract.QueueChoice;
import com.batchtrain.contract.ResultsLayout;
import com.batchtrain.contract.StorageUri;
import com.batchtrain.invoke.sweep.SweepRecord;
import java.util.Optional;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * Whether a Batch sweep stages its dataset first. Trial jobs mount the EFS cache read-only, so an
 * {@code s3://} dataset is copied there once by a staging job that the trials wait for, instead of
 * by every trial into its own temporary cache. A {@code file://} dataset is read in place: nothing to stage.
 */
public final class DatasetStaging {
  private DatasetStaging() {}

  /**
   * The staging request, or empty when the dataset needs none.
   *
   * @throws BackendUnavailableException when the stack predates the staging job definition
   */
  public static Optional<SubmitJobRequest> request(SweepRecord record, ResultsLayout layout, StackResources stack) {
    if (!StorageUri.parse("data", record.dataUri()).isS3()) {
      return Optional.empty();
    }
    return Optional.of(JobRequests.stage(record, layout, stack.requireStageJobDefinition(), stack.queue(QueueChoice.CPU)));
  }
}
