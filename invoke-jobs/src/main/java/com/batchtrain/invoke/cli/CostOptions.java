package com.batchtrain.invoke.cli;

import com.batchtrain.invoke.cost.PriceTable;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which prices cost is counted at. */
final class CostOptions {
  @Option(names = "--prices", paramLabel = "FILE",
      description = "A price table (JSON, the shape of the shipped one) whose entries replace or add to the shipped"
          + " table's (default: the table given when the sweep was started, else the shipped one). See"
          + " docs/invoke-jobs.md, \"What a sweep costs\".")
  Path prices;

  /** The user's file laid over the shipped table, when one is given. */
  Optional<PriceTable> given() {
    return Optional.ofNullable(prices).map(PriceTable::read);
  }
}
