package dev.handoff.report;

import dev.handoff.runs.Experiment;
import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a report shows, read from a source: the experiments, the chosen runs and the full history of each
 * charted metric of each run.
 *
 * @param source     the source's description
 * @param histories  metric key → the runs' full histories (runs that did not log it are absent), in chart order
 * @param problems   what could not be read (unreadable runs, a missing history), listed in the report
 */
public record ReportData(String title, String source, List<Experiment> experiments, List<Run> runs,
                         Map<String, List<MetricSeries>> histories, List<LoadProblem> problems, Instant generatedAt,
                         String generator) {
    public ReportData {
        experiments = List.copyOf(experiments);
        runs = List.copyOf(runs);
        histories = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(histories));
        problems = List.copyOf(problems);
    }
}
