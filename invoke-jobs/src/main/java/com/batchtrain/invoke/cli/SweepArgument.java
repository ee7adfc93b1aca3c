package com.batchtrain.invoke.cli;

import com.batchtrain.contract.SweepId;
import picocli.CommandLine.ITypeConverter;

final class SweepArgument implements ITypeConverter<SweepId> {
  @Override
  public SweepId convert(String value) {
    return SweepId.of(value);
  }
}
