package com.batchtrain.invoke.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished trial as a sampler learns from it: the point it ran ({@code parameters}, as proposed
 * or as read back from the trials file) and its objective, oriented so that LOWER IS BETTER (the
 * caller negates a maximized metric). A NaN value ranks worst.
 */
public record Observation(Map<String, Object> parameters, double value) {
  public Observation {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }
}
