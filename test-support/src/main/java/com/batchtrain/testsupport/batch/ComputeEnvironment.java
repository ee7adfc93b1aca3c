package com.batchtrain.testsupport.batch;

import java.util.List;

/**
 * A managed compute environment: what it may launch and how much of it at once.
 *
 * @param spot whether its instances are spot instances (the ones a spot interruption can reclaim)
 * @param instanceTypes instance types or families, as the template lists them
 */
public record ComputeEnvironment(String arn, String name, boolean spot, int maxvCpus, List<String> instanceTypes,
    boolean enabled) {}
