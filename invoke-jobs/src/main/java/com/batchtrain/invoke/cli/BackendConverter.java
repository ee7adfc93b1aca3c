package com.batchtrain.invoke.cli;

import com.batchtrain.invoke.sweep.SweepRecord;
import picocli.CommandLine.ITypeConverter;

final class BackendConverter implements ITypeConverter<SweepRecord.Backend> {
  @Override
  public SweepRecord.Backend convert(String value) {
    return SweepRecord.Backend.parse(value);
  }
}
