package com.batchtrain.invoke.spec;

/** How a range is sampled by the random method. */
public enum Distribution {
  UNIFORM("uniform"),
  /** Uniform in log space: for learning rates and other scale parameters. */
  LOG_UNIFORM("log_uniform");

  private final String id;

  Distribution(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
