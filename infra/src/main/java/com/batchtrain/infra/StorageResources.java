package com.batchtrain.infra;

import software.amazon.awscdk.services.efs.IAccessPoint;
import software.amazon.awscdk.services.efs.IFileSystem;
import software.amazon.awscdk.services.s3.IBucket;

/** What the storage stack hands to the Batch stack. */
public record StorageResources(
    IBucket results, IFileSystem fileSystem, IAccessPoint staticAccessPoint, IAccessPoint runsAccessPoint) {}
