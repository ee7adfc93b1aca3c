package com.batchtrain.runtime;

import com.batchtrain.contract.InvalidValueException;
import com.batchtrain.runtime.preset.CalcloudGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "generate-data",
    mixinStandardHelpOptions = true,
    description = "Writes the deterministic calcloud-like job-metadata dataset (the presets' default data) as CSV or TFRecord shards.")
final class GenerateDataCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, description = "CSV file (csv) or directory of shards (tfrecord)")
  Path output;

  @Option(names = "--rows", defaultValue = "20000", description = "rows (default ${DEFAULT-VALUE})")
  int rows;

  @Option(names = "--seed", defaultValue = "7", description = "generator seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--format", defaultValue = "csv", description = "csv or tfrecord (default ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--shards", defaultValue = "4", description = "TFRecord shards (default ${DEFAULT-VALUE})")
  int shards;

  @Override
  public Integer call() throws IOException {
    if (rows < 1) {
      throw new InvalidValueException("--rows", "a positive row count", rows);
    }
    CalcloudGenerator generator = new CalcloudGenerator(seed);
    switch (format.trim().toLowerCase()) {
      case "csv" -> generator.writeCsv(output, rows);
      case "tfrecord" -> {
        if (shards < 1 || shards > rows) {
          throw new InvalidValueException("--shards", "1.." + rows, shards);
        }
        generator.writeTfRecords(output, rows, shards);
      }
      default -> throw new InvalidValueException("--format", "csv or tfrecord", format);
    }
    System.out.println(output.toAbsolutePath());
    return 0;
  }
}
