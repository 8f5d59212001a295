package dev.handoff.ui.model;

import dev.handoff.metrics.SeriesSummary;
import dev.handoff.runs.Metric;
import dev.handoff.runs.Run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The rows of a run comparison: every param, each metric's final (latest) and best value, side by side. */
public final class CompareModel {
    private CompareModel() {
    }

    /**
     * @param section "param", "final" or "best"
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
    }

    /**
     * @param summaries run id → metric key → summary of the full history; best cells stay empty for missing entries
     */
    public static List<Row> build(List<Run> runs, Map<String, Map<String, SeriesSummary>> summaries) {
        Set<String> params = new TreeSet<>();
        Set<String> metrics = new TreeSet<>();
        for (Run r : runs) {
            params.addAll(r.params().keySet());
            metrics.addAll(r.latestMetrics().keySet());
        }
        List<Row> rows = new ArrayList<>();
        for (String p : params) {
            rows.add(row("param", p, runs.stream().map(r -> r.params().getOrDefault(p, "")).toList()));
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
}
