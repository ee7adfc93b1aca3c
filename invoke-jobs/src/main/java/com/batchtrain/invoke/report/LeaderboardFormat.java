package com.batchtrain.invoke.report;

import com.batchtrain.contract.ContractJson;
import com.batchtrain.contract.Manifest;
import com.batchtrain.invoke.sweep.TrialStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** How {@code results} prints a leaderboard. */
public enum LeaderboardFormat {
  TABLE, CSV, JSON;

  public String render(Leaderboard board) {
    return switch (this) {
      case TABLE -> table(board);
      case CSV -> csv(board);
      case JSON -> json(board);
    };
  }

  /** The mark of a trial early stopping ended, in the table: {@code pruned@3} (it stopped after epoch 3). */
  public static String mark(Manifest.Pruned pruned) {
    return "pruned@" + pruned.epoch();
  }

  private static String table(Leaderboard board) {
    // The early-stopping column only when a trial was pruned: other sweeps' tables are as they were.
    boolean marks = board.pruned() > 0;
    List<String> header = new ArrayList<>(List.of("rank", "trial", board.objective().metric()));
    if (marks) {
      header.add("early_stop");
    }
    header.addAll(board.parameters());
    List<List<String>> rows = new ArrayList<>();
    for (Leaderboard.Entry e : board.entries()) {
      List<String> row = new ArrayList<>();
      row.add(e.rank().map(String::valueOf).orElse("-"));
      row.add(e.trial().value());
      row.add(e.objectiveValue().map(LeaderboardFormat::number).orElse("(missing)"));
      if (marks) {
        row.add(e.pruned().map(LeaderboardFormat::mark).orElse(""));
      }
      for (String p : board.parameters()) {
        row.add(value(e.hyperparameters().get(p)));
      }
      rows.add(row);
    }
    StringBuilder out = new StringBuilder();
    out.append("Leaderboard: ").append(board.objective().metric()).append(" (")
        .append(board.objective().goal().json()).append("), ")
        .append(board.finished()).append(" of ").append(board.trialCount()).append(" trials finished");
    if (marks) {
      out.append(", ").append(board.pruned()).append(" of them pruned by early stopping (").append(board.epochsSaved())
          .append(" epochs saved)");
    }
    out.append('\n');
    if (rows.isEmpty()) {
      out.append("(no trial has published a manifest yet)\n");
    } else {
      out.append(TextTable.render(header, rows));
    }
    if (!board.unfinished().isEmpty()) {
      out.append("\nNot finished (").append(board.unfinished().size()).append("):\n")
          .append(StatusView.table(board.unfinished()));
    }
    board.usage().ifPresent(u -> out.append('\n').append(u.line()).append('\n'));
    return out.toString();
  }

  private static String csv(Leaderboard board) {
    TreeSet<String> metricNames = new TreeSet<>();
    board.entries().forEach(e -> metricNames.addAll(e.metrics().keySet()));
    boolean marks = board.pruned() > 0;
    List<String> header = new ArrayList<>(List.of("rank", "trial"));
    header.addAll(metricNames);
    header.addAll(board.parameters());
    if (marks) {
      // Last, so the columns before them stay where a sweep without pruned trials has them.
      header.addAll(List.of("pruned_at_epoch", "planned_epochs"));
    }
    // What each trial's attempts cost, when they were billed (Batch): last, for the same reason.
    boolean costs = board.usage().flatMap(UsageView::usage).map(u -> u.priced()).orElse(false);
    if (costs) {
      header.add("cost_usd");
    }
    StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
    for (Leaderboard.Entry e : board.entries()) {
      List<String> row = new ArrayList<>();
      row.add(e.rank().map(String::valueOf).orElse(""));
      row.add(e.trial().value());
      for (String m : metricNames) {
        Double v = e.metrics().get(m);
        row.add(v == null ? "" : Double.toString(v));
      }
      for (String p : board.parameters()) {
        row.add(csvField(value(e.hyperparameters().get(p))));
      }
      if (marks) {
        row.add(e.pruned().map(p -> Integer.toString(p.epoch())).orElse(""));
        row.add(e.pruned().map(p -> Integer.toString(p.plannedEpochs())).orElse(""));
      }
      if (costs) {
        row.add(board.usage().get().dollarsOf(e.trial().value()).map(d -> Double.toString(d)).orElse(""));
      }
      out.append(String.join(",", row)).append('\n');
    }
    return out.toString();
  }

  private static String json(Leaderboard board) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("objective", board.objective());
    doc.put("trials", board.trialCount());
    doc.put("finished", board.finished());
    doc.put("pruned", board.pruned());
    doc.put("epochsSaved", board.epochsSaved());
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Leaderboard.Entry e : board.entries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rank", e.rank().orElse(null));
      m.put("trialId", e.trial().value());
      m.put("objective", e.objectiveValue().orElse(null));
      m.put("metrics", e.metrics());
      m.put("hyperparameters", e.hyperparameters());
      // null: the trial trained all its epochs; else {epoch, plannedEpochs, reason} from its manifest.
      m.put("pruned", e.pruned().orElse(null));
      entries.add(m);
    }
    doc.put("leaderboard", entries);
    // Trials without a manifest: state and reason as status shows them (the failure's recorded reason included).
    List<Map<String, Object>> unfinished = new ArrayList<>();
    for (TrialStatus t : board.unfinished()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("trialId", t.trial().value());
      m.put("state", t.state().id());
      m.put("epochsDone", t.epochsDone());
      // null: a command trainer's budget that only the command knows.
      m.put("epochs", t.epochs() == TrialStatus.UNKNOWN_EPOCHS ? null : t.epochs());
      m.put("reason", t.detail());
      unfinished.add(m);
    }
    doc.put("unfinished", unfinished);
    board.usage().ifPresent(u -> doc.put("cost", u.json()));
    try {
      return ContractJson.mapper().writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** Six significant digits without trailing zeros: 0.00491160 prints as 0.0049116. */
  static String number(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    String s = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    return s.length() > 14 ? String.format(java.util.Locale.ROOT, "%.5e", v) : s;
  }

  static String value(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof List<?> list) {
      return list.toString().replace(" ", "");
    }
    return v instanceof Double d ? number(d) : String.valueOf(v);
  }

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
