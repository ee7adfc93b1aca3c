package com.batchtrain.infra;

import java.util.Optional;

/**
 * Account and region the stacks are bound to. Both empty means environment-agnostic stacks, which
 * is what lets {@code cdk synth} run without credentials or account look-ups.
 */
public record DeploymentTarget(Optional<String> account, Optional<String> region) {
  public boolean complete() {
    return account.isPresent() && region.isPresent();
  }
}
