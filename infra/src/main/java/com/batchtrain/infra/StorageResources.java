package com.batchtrain.infra;

import com.batchtrain.contract.EfsVolume;
import software.amazon.awscdk.services.efs.IAccessPoint;
import software.amazon.awscdk.services.efs.IFileSystem;
import software.amazon.awscdk.services.s3.IBucket;

/** What the storage stack hands to the Batch stack. */
public record StorageResources(
    IBucket results, IFileSystem fileSystem, IAccessPoint staticAccessPoint, IAccessPoint runsAccessPoint) {

  /** The access point behind a contract volume. */
  public IAccessPoint accessPoint(EfsVolume volume) {
    return switch (volume) {
      case STATIC -> staticAccessPoint;
      case RUNS -> runsAccessPoint;
    };
  }
}
