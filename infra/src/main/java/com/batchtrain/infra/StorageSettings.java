package com.batchtrain.infra;

/** Lifetimes of objects in the results and access-log buckets. */
public record StorageSettings(
    int checkpointExpiryDays, int noncurrentVersionExpiryDays, int accessLogExpiryDays) {}
