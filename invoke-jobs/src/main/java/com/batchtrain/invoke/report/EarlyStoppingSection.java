package com.batchtrain.invoke.report;

import com.batchtrain.contract.Manifest;
import com.batchtrain.contract.TrialsFile;
import com.batchtrain.invoke.spec.EarlyStoppingText;
import com.batchtrain.reports.SweepReport;
import com.batchtrain.reports.html.SweepReportPage;
import java.util.List;
import java.util.Optional;

/**
 * The report page's early-stopping section, for a sweep whose trials file has {@code earlyStopping}:
 * the rule, how many trials it pruned, the epochs it saved (planned minus trained, summed over the
 * pruned trials) and each pruned trial with the epoch it stopped at and why. The reports module
 * renders the rest of the page; this section is static HTML put at the top of its {@code <main>}
 * (the leaderboard marks the pruned trials itself, in its {@value SweepReportAssembly#PRUNED_AT_EPOCH}
 * column).
 */
public final class EarlyStoppingSection {
  static final String MAIN = "<main>";

  private EarlyStoppingSection() {}

  /** The page of {@code report}, with the early-stopping section when the sweep has early stopping. */
  public static String page(SweepReport report, TrialsFile trials, List<Manifest> manifests) {
    String page = SweepReportPage.render(report);
    return html(trials, manifests).map(section -> insert(page, section)).orElse(page);
  }

  /** The section, or empty for a sweep without early stopping. */
  static Optional<String> html(TrialsFile trials, List<Manifest> manifests) {
    if (trials.earlyStopping() == null) {
      return Optional.empty();
    }
    List<Manifest> pruned = manifests.stream().filter(m -> m.pruned() != null).toList();
    long saved = pruned.stream().mapToLong(m -> Leaderboard.epochsSaved(m.pruned())).sum();
    StringBuilder out = new StringBuilder("<section id=\"early-stopping\" aria-label=\"Early stopping\">\n<h2>Early stopping</h2>\n");
    out.append("<p id=\"early-stopping-summary\">").append(escape(EarlyStoppingText.describe(trials.earlyStopping())
        + ": " + pruned.size() + " of " + trials.trials().size() + " trials pruned, " + saved + " epoch" + (saved == 1 ? "" : "s")
        + " saved.")).append("</p>\n");
    if (!pruned.isEmpty()) {
      out.append("<p class=\"hint\">").append(escape("A pruned trial published its best checkpoint up to the epoch it stopped"
          + " at; it is ranked by that, and the leaderboard's " + SweepReportAssembly.PRUNED_AT_EPOCH + " column marks it."))
          .append("</p>\n<ul id=\"pruned-trials\">\n");
      for (Manifest m : pruned) {
        Manifest.Pruned p = m.pruned();
        String reason = p.reason() == null || p.reason().isBlank() ? "" : ": " + p.reason().strip();
        out.append("<li data-trial-id=\"").append(escape(m.trialId())).append("\">").append(escape(m.trialId()
            + " pruned at epoch " + p.epoch() + (p.plannedEpochs() > 0 ? " of " + p.plannedEpochs() : "") + reason))
            .append("</li>\n");
      }
      out.append("</ul>\n");
    }
    return Optional.of(out.append("</section>\n").toString());
  }

  /** {@code section} as the first thing in the page's {@code <main>}. */
  static String insert(String page, String section) {
    int at = page.indexOf(MAIN);
    if (at < 0) {
      throw new IllegalStateException("the report page has no " + MAIN + " to put the early-stopping section in");
    }
    int end = at + MAIN.length();
    return page.substring(0, end) + "\n" + section + page.substring(end);
  }

  private static String escape(String text) {
    return com.batchtrain.reports.html.SweepReportPage.escapeHtml(text);
  }
}
