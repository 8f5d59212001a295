package dev.handoff.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a static report shows.
 *
 * @param experiments experiment names or ids (at least one)
 * @param runs        empty for every active run; run ids separated by commas or spaces; or an MLflow search filter
 *                    ({@code metrics.val_auc > 0.8 and params.trainer = 'xgboost'})
 * @param metrics     metric keys to chart, in this order; empty for every metric the chosen runs logged
 * @param title       the page's title; null or blank for "Experiment report: NAME"
 * @param generatedAt when the report is made (shown in its header)
 * @param generator   the tool and version that made it, e.g. {@code handoff 0.1.0}
 */
public record ReportRequest(List<String> experiments, String runs, List<String> metrics, String title,
                            Instant generatedAt, String generator) {
    public ReportRequest {
        experiments = List.copyOf(Objects.requireNonNull(experiments, "experiments"));
        if (experiments.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one experiment");
        }
        runs = runs == null ? "" : runs.strip();
        metrics = List.copyOf(metrics == null ? List.of() : metrics);
        title = title == null || title.isBlank() ? null : title.strip();
        generatedAt = generatedAt == null ? Instant.now() : generatedAt;
        generator = generator == null || generator.isBlank() ? "handoff" : generator;
    }

    /** A report of every run and metric of {@code experiment}, made now. */
    public static ReportRequest of(String experiment, String generator) {
        return new ReportRequest(List.of(experiment), "", List.of(), null, Instant.now(), generator);
    }

    public ReportRequest withRuns(String selector) {
        return new ReportRequest(experiments, selector, metrics, title, generatedAt, generator);
    }

    public ReportRequest withMetrics(List<String> keys) {
        return new ReportRequest(experiments, runs, keys, title, generatedAt, generator);
    }

    public ReportRequest withTitle(String t) {
        return new ReportRequest(experiments, runs, metrics, t, generatedAt, generator);
    }

    public ReportRequest withGeneratedAt(Instant at) {
        return new ReportRequest(experiments, runs, metrics, title, at, generator);
    }
}
