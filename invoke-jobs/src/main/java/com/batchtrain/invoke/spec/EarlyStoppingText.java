package com.batchtrain.invoke.spec;

import com.batchtrain.contract.pruning.EarlyStopping;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** How the CLI names a sweep's early stopping: in {@code sweep}'s summary line, its dry run and the report. */
public final class EarlyStoppingText {
  private EarlyStoppingText() {}

  /**
   * {@code asha (grace 1, reduction 3, max 20: rungs at epochs 1, 3, 9)} or {@code median (from epoch
   * 2, once 3 other trials have a value)}.
   */
  public static String describe(EarlyStopping es) {
    if (EarlyStopping.ASHA.equals(es.method())) {
      List<Integer> rungs = rungs(es);
      return "asha (grace " + es.grace() + ", reduction " + es.reduction() + ", max " + es.max() + ": rung"
          + (rungs.size() == 1 ? "" : "s") + " at epoch" + (rungs.size() == 1 ? " " : "s ")
          + rungs.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }
    return "median (from epoch " + es.after() + ", once " + es.minTrials() + " other trial" + (es.minTrials() == 1 ? " has" : "s have")
        + " a value)";
  }

  /** ASHA's rungs: {@code grace * reduction^k} below {@code max}, the epochs at which a trial may be stopped. */
  public static List<Integer> rungs(EarlyStopping es) {
    List<Integer> out = new ArrayList<>();
    for (long rung = es.grace(); rung < es.max(); rung *= es.reduction()) {
      out.add((int) rung);
    }
    return out;
  }
}
