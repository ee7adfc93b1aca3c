package com.batchtrain.infra;

/** What one job of a job definition reserves on its instance. */
public record JobResources(int vcpus, int memoryMiB, int gpus) {}
