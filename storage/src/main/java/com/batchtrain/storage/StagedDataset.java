package com.batchtrain.storage;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The completion marker of a staged dataset, {@code <cache>/<name>.complete}, written after every
 * file is in place: its presence is what "staged" means.
 */
public record StagedDataset(
    @JsonProperty("source") String source,
    @JsonProperty("files") int files,
    @JsonProperty("bytes") long bytes,
    @JsonProperty("sha256Verified") int sha256Verified,
    @JsonProperty("stagedAt") String stagedAt) {}
