package dev.handoff.report;

import dev.handoff.runs.Experiment;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import dev.handoff.runs.query.RunFilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads what a report shows from a source: resolves the experiments by name or id, picks the runs (all, by id or by
 * filter) and reads the full history of each charted metric of each run. Honours thread interruption between
 * histories (a cancelled export).
 */
public final class ReportLoader {
    /** A {@code --runs} value made only of these tokens is a list of run ids; anything else is a filter. */
    private static final Pattern ID_LIST = Pattern.compile("[A-Za-z0-9_-]+([,\\s]+[A-Za-z0-9_-]+)*");

    private ReportLoader() {
    }

    public static ReportData load(RunSource source, ReportRequest request, ReportProgress progress)
            throws SourceException, ReportException, InterruptedException {
        progress.update("Reading experiments of " + source.describe(), 0, 1);
        ExperimentList listed = source.listExperiments(ViewType.ALL);
        List<Experiment> experiments = new ArrayList<>();
        for (String wanted : request.experiments()) {
            Experiment e = experiment(listed.experiments(), wanted, source.describe());
            if (!experiments.contains(e)) {
                experiments.add(e);
            }
        }
        List<LoadProblem> problems = new ArrayList<>(listed.problems());
        List<Run> runs = runs(source, experiments, request.runs(), problems, progress);
        List<String> keys = metricKeys(runs, request.metrics(), experiments);
        Map<String, List<MetricSeries>> histories = new LinkedHashMap<>();
        long total = 0;
        for (String key : keys) {
            total += runs.stream().filter(r -> r.latestMetrics().containsKey(key)).count();
        }
        long done = 0;
        for (String key : keys) {
            List<MetricSeries> series = new ArrayList<>();
            for (Run r : runs) {
                if (!r.latestMetrics().containsKey(key)) {
                    continue;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("report cancelled");
                }
                progress.update("Reading " + key + " of " + r.displayName(), done++, total);
                try {
                    series.add(source.getMetricHistory(r.id(), key));
                } catch (SourceException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("report cancelled");
                    }
                    // one unreadable history leaves a hole in one chart, named in the report; the rest still shows
                    problems.add(new LoadProblem("metric", r.id(), source.describe(), 0,
                            "history of " + key + " unreadable: " + e.getMessage()));
                }
            }
            histories.put(key, series);
        }
        progress.update("Read " + done + " metric histories", total, total);
        String title = request.title() != null ? request.title()
                : "Experiment report: " + String.join(", ", experiments.stream().map(Experiment::name).toList());
        return new ReportData(title, source.describe(), experiments, runs, histories, problems,
                request.generatedAt(), request.generator());
    }

    /** By id first, then by name (an active experiment before a deleted one of the same name). */
    static Experiment experiment(List<Experiment> all, String wanted, String where) throws ReportException {
        for (Experiment e : all) {
            if (e.id().equals(wanted)) {
                return e;
            }
        }
        Experiment deleted = null;
        for (Experiment e : all) {
            if (e.name().equals(wanted)) {
                if (e.lifecycleStage() == LifecycleStage.ACTIVE) {
                    return e;
                }
                deleted = e;
            }
        }
        if (deleted != null) {
            return deleted;
        }
        throw new ReportException("no experiment '" + wanted + "' in " + where + " (known: "
                + String.join(", ", all.stream().map(e -> e.name() + " [" + e.id() + "]").toList()) + ")");
    }

    private static List<Run> runs(RunSource source, List<Experiment> experiments, String selector,
                                  List<LoadProblem> problems, ReportProgress progress)
            throws SourceException, ReportException {
        RunQuery query = RunQuery.of(experiments.stream().map(Experiment::id).toList());
        boolean ids = !selector.isEmpty() && ID_LIST.matcher(selector).matches();
        if (!selector.isEmpty() && !ids) {
            try {
                RunFilter.parse(selector);
            } catch (IllegalArgumentException e) {
                throw new ReportException("runs filter '" + selector + "' does not parse: " + e.getMessage(), e);
            }
            query = query.withFilter(selector);
        }
        RunPage page = source.searchAllRuns(query, n -> progress.update("Loaded " + n + " runs", 0, 1));
        problems.addAll(page.problems());
        if (!ids) {
            return page.runs();
        }
        Set<String> wanted = new LinkedHashSet<>(List.of(selector.split("[,\\s]+")));
        List<Run> chosen = new ArrayList<>();
        for (Run r : page.runs()) {
            if (wanted.remove(r.id())) {
                chosen.add(r);
            }
        }
        if (!wanted.isEmpty()) {
            throw new ReportException("no run " + String.join(", ", wanted) + " among the active runs of "
                    + names(experiments));
        }
        return chosen;
    }

    private static List<String> metricKeys(List<Run> runs, List<String> wanted, List<Experiment> experiments)
            throws ReportException {
        Set<String> logged = new TreeSet<>();
        runs.forEach(r -> logged.addAll(r.latestMetrics().keySet()));
        if (wanted.isEmpty()) {
            return new ArrayList<>(logged);
        }
        List<String> out = new ArrayList<>();
        for (String key : wanted) {
            if (!logged.contains(key)) {
                throw new ReportException("no chosen run of " + names(experiments) + " logged metric '" + key
                        + "' (logged: " + (logged.isEmpty() ? "none" : String.join(", ", logged)) + ")");
            }
            if (!out.contains(key)) {
                out.add(key);
            }
        }
        return out;
    }

    private static String names(List<Experiment> experiments) {
        return String.join(", ", experiments.stream().map(e -> "'" + e.name() + "'").toList());
    }
}
