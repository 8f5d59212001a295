package dev.handoff.ui.model;

import dev.handoff.metrics.SeriesSummary;
import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;
import dev.handoff.runs.Tag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rows of a run comparison: every param, user tag, each metric's final (latest) and best value, one cell per
 * run; with a baseline run, every other cell's difference from the baseline's ({@link #delta}).
 */
public final class CompareModel {
    /** Tags every run has with a different value, or too long to compare in a cell: never compared. */
    private static final Set<String> UNCOMPARED_TAGS = Set.of(Tag.RUN_NAME, "mlflow.log-model.history");

    private CompareModel() {
    }

    /**
     * @param section "param", "tag", "final" or "best"
     * @param values  one cell per run, "" when the run lacks it
     * @param differs true when the cells are not all equal
     */
    public record Row(String section, String field, List<String> values, boolean differs) {
        public Row {
            values = List.copyOf(values);
        }

        public String label() {
            return section.equals("param") ? field : field + " (" + section + ")";
        }

        /** Each cell against the cell of run {@code baseline} (the baseline's own cell: {@link Delta.Kind#BASELINE}). */
        public List<Delta> deltas(int baseline) {
            String base = values.get(baseline);
            List<Delta> out = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                out.add(i == baseline ? Delta.BASELINE_CELL : delta(base, values.get(i)));
            }
            return out;
        }
    }

    /**
     * A cell compared with the baseline's cell.
     *
     * @param absolute value − baseline (numbers only, else NaN)
     * @param relative (value − baseline) / |baseline| (numbers with a non-zero baseline only, else NaN)
     */
    public record Delta(Kind kind, double absolute, double relative) {
        /** What the comparison found. */
        public enum Kind { BASELINE, SAME, CHANGED, NUMBER, ADDED, MISSING }

        static final Delta BASELINE_CELL = new Delta(Kind.BASELINE, Double.NaN, Double.NaN);

        /** True unless the cell equals the baseline's (or is the baseline). */
        public boolean changed() {
            return kind != Kind.BASELINE && kind != Kind.SAME && !(kind == Kind.NUMBER && absolute == 0);
        }

        /** −1, 0 or +1: the sign of a numeric difference (0 for anything else). */
        public int sign() {
            return kind == Kind.NUMBER ? (int) Math.signum(absolute) : 0;
        }

        /** "+0.02 (+25%)", "same", "changed", "added" (baseline lacks it), "missing" or "" for the baseline. */
        public String text() {
            return switch (kind) {
                case BASELINE -> "";
                case SAME -> "same";
                case CHANGED -> "changed";
                case ADDED -> "added";
                case MISSING -> "missing";
                case NUMBER -> absolute == 0 ? "same" : signed(absolute)
                        + (Double.isNaN(relative) ? "" : String.format(Locale.ROOT, " (%+.1f%%)", 100 * relative));
            };
        }

        private static String signed(double d) {
            String s = RunColumn.formatNumber(d);
            return d > 0 ? "+" + s : s;
        }
    }

    /** {@code value} against {@code baseline}: numbers by difference, other text by equality; "" is absent. */
    public static Delta delta(String baseline, String value) {
        if (baseline.isEmpty() || value.isEmpty()) {
            Delta.Kind k = baseline.isEmpty() && value.isEmpty() ? Delta.Kind.SAME
                    : baseline.isEmpty() ? Delta.Kind.ADDED : Delta.Kind.MISSING;
            return new Delta(k, Double.NaN, Double.NaN);
        }
        double b = number(baseline);
        double v = number(value);
        if (Double.isFinite(b) && Double.isFinite(v)) {
            double abs = v - b;
            return new Delta(Delta.Kind.NUMBER, abs, b == 0 ? Double.NaN : abs / Math.abs(b));
        }
        return new Delta(baseline.equals(value) ? Delta.Kind.SAME : Delta.Kind.CHANGED, Double.NaN, Double.NaN);
    }

    /** The rows whose cells are not all equal ("Differences only"). */
    public static List<Row> differencesOnly(List<Row> rows) {
        return rows.stream().filter(Row::differs).toList();
    }

    /**
     * @param summaries run id → metric key → summary of the full history; best cells stay empty for missing entries
     */
    public static List<Row> build(List<Run> runs, Map<String, Map<String, SeriesSummary>> summaries) {
        Set<String> params = new TreeSet<>();
        Set<String> tags = new TreeSet<>();
        Set<String> metrics = new TreeSet<>();
        for (Run r : runs) {
            params.addAll(r.params().keySet());
            r.tags().keySet().stream().filter(k -> !UNCOMPARED_TAGS.contains(k)).forEach(tags::add);
            metrics.addAll(r.latestMetrics().keySet());
        }
        List<Row> rows = new ArrayList<>();
        for (String p : params) {
            rows.add(row("param", p, runs.stream().map(r -> r.params().getOrDefault(p, "")).toList()));
        }
        for (String t : tags) {
            rows.add(row("tag", t, runs.stream().map(r -> r.tags().getOrDefault(t, "")).toList()));
        }
        for (String m : metrics) {
            rows.add(row("final", m, runs.stream().map(r -> {
                Metric latest = r.latestMetrics().get(m);
                return latest == null ? "" : RunColumn.formatNumber(latest.value());
            }).toList()));
        }
        for (String m : metrics) {
            rows.add(row("best", m, runs.stream().map(r -> {
                SeriesSummary s = summaries.getOrDefault(r.id(), Map.of()).get(m);
                return s == null || Double.isNaN(s.best()) ? "" : RunColumn.formatNumber(s.best());
            }).toList()));
        }
        return rows;
    }

    private static Row row(String section, String field, List<String> values) {
        return new Row(section, field, values, new HashSet<>(values).size() > 1);
    }

    /** The value of a numeric cell, else NaN (text such as "adam", or "1e-3x"). */
    private static double number(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
