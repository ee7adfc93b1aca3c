package com.batchtrain.infra;

/** maxvCpus of each compute environment; minvCpus is always 0 so idle environments cost nothing. */
public record ComputeLimits(int cpu, int cpuSpot, int gpu, int gpuSpot) {}
