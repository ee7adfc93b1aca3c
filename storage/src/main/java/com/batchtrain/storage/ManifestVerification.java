package com.batchtrain.storage;

import java.util.List;

/** The result of checking a trial's objects against its manifest. */
public record ManifestVerification(String sweepId, String trialId, int checked, List<Problem> problems) {
  /** One object that is missing or differs from its manifest entry. */
  public record Problem(String path, String expected, String actual) {}

  public ManifestVerification {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
