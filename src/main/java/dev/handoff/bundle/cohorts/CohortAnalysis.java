package dev.handoff.bundle.cohorts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.handoff.explain.Cancellation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cohort error analysis of a classifier on labelled data: its performance on every row, on the cohorts a reviewer
 * defines by {@link CohortFilter filters}, and on the worst cohorts an {@link ErrorTree} finds — the leaves whose error
 * rate is above the overall one, highest first. This is what {@code explanations/cohorts.json} holds.
 *
 * @param positiveLabel the class TPR, FPR and AUC are of
 * @param overall       all rows
 * @param defined       the reviewer's cohorts, in the order given
 * @param worst         the error tree's leaves with an error rate above the overall one, worst first
 * @param tree          the error tree
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CohortAnalysis(String positiveLabel, int maxDepth, int minLeaf, CohortStats overall,
                             List<CohortStats> defined, List<CohortStats> worst, ErrorTree.Node tree) {
    public static final int DEFAULT_DEPTH = 3;

    public CohortAnalysis {
        defined = List.copyOf(defined);
        worst = List.copyOf(worst);
    }

    /** The default minimum leaf: 5% of the rows, at least 10 (or every row of a tiny set). */
    public static int defaultMinLeaf(int rows) {
        return Math.max(1, Math.min(rows, Math.max(10, rows / 20)));
    }

    /**
     * Runs the analysis.
     *
     * @param filters the reviewer's cohorts in {@link CohortFilter} grammar
     * @throws IllegalArgumentException naming the filter and its column at fault
     */
    public static CohortAnalysis run(CohortData data, List<String> filters, int maxDepth, int minLeaf,
                                     Cancellation cancel) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("cohort analysis needs at least one labelled row");
        }
        List<CohortFilter> parsed = filters.stream().map(f -> CohortFilter.parse(f, data)).toList();
        int[] all = java.util.stream.IntStream.range(0, data.size()).toArray();
        CohortStats overall = CohortStats.of("all rows", "", data, all);
        List<CohortStats> defined = new ArrayList<>();
        for (CohortFilter f : parsed) {
            cancel.check();
            defined.add(CohortStats.of(f.text(), f.text(), data, f.rows(data)));
        }
        ErrorTree.Node tree = ErrorTree.grow(data, maxDepth, minLeaf, cancel);
        List<CohortStats> worst = new ArrayList<>();
        for (ErrorTree.Node leaf : ErrorTree.worstLeaves(tree)) {
            if (leaf.errorRate() <= overall.errorRate().value() || leaf.path().isEmpty()) {
                continue;
            }
            String filter = leaf.filter();
            worst.add(CohortStats.of("leaf " + leaf.id(), filter, data, CohortFilter.parse(filter, data).rows(data)));
        }
        return new CohortAnalysis(data.positiveLabel(), maxDepth, minLeaf, overall, defined, worst, tree);
    }

    /** A plain-text report: the worst cohorts, then the defined ones, one line each. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Overall: %s%n", line(overall)));
        b.append(String.format(Locale.ROOT, "Worst cohorts (error tree, depth <= %d, min leaf %d):%n", maxDepth,
                minLeaf));
        if (worst.isEmpty()) {
            b.append("  none above the overall error rate\n");
        }
        worst.forEach(c -> b.append("  ").append(c.filter()).append(System.lineSeparator()).append("      ")
                .append(line(c)).append(System.lineSeparator()));
        if (!defined.isEmpty()) {
            b.append("Defined cohorts:\n");
            defined.forEach(c -> b.append("  ").append(c.filter()).append(System.lineSeparator()).append("      ")
                    .append(line(c)).append(System.lineSeparator()));
        }
        return b.toString();
    }

    /** One cohort's numbers: rows, error rate, accuracy, AUC, TPR and FPR with their 95% intervals. */
    public static String line(CohortStats c) {
        return String.format(Locale.ROOT, "n=%d  error %s  accuracy %s  AUC %s  TPR %s  FPR %s", c.n(),
                interval(c.errorRate().value(), c.errorRate().lower(), c.errorRate().upper()),
                interval(c.stats().accuracy().value(), c.stats().accuracy().lower(), c.stats().accuracy().upper()),
                interval(c.auc().value(), c.auc().lower(), c.auc().upper()),
                interval(c.stats().truePositiveRate().value(), c.stats().truePositiveRate().lower(),
                        c.stats().truePositiveRate().upper()),
                interval(c.stats().falsePositiveRate().value(), c.stats().falsePositiveRate().lower(),
                        c.stats().falsePositiveRate().upper()));
    }

    /** {@code 0.412 [0.35, 0.48]}, or {@code n/a}. */
    public static String interval(double v, double lo, double hi) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", v, lo, hi);
    }
}
