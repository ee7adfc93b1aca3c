package com.batchtrain.infra;

/** ECR lifecycle: how many tagged images survive and how long untagged ones do. */
public record RegistrySettings(int keepLast, int untaggedExpiryDays) {}
