package com.batchtrain.testsupport.batch;

import java.util.List;

/** A job queue: its compute environments in the order Batch tries them. */
public record JobQueue(String arn, String name, int priority, boolean enabled, List<String> computeEnvironmentArns) {}
