package dev.handoff.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.LoadProblem;
import dev.handoff.runs.Metric;
import dev.handoff.runs.PartialListingException;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code handoff runs list|show}. */
@Command(name = "runs", description = "List and show MLflow runs.", mixinStandardHelpOptions = true,
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class})
final class RunsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose 'runs list' or 'runs show RUN_ID'");
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Map<String, Object> json(Run r, String experimentName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", r.id());
        m.put("run_name", r.displayName());
        m.put("experiment_id", r.info().experimentId());
        if (experimentName != null) {
            m.put("experiment_name", experimentName);
        }
        m.put("status", r.info().status().name());
        m.put("start_time", r.info().startTime() < 0 ? null : r.info().startTime());
        m.put("end_time", r.info().endTime() < 0 ? null : r.info().endTime());
        m.put("user_id", r.info().userId());
        m.put("lifecycle_stage", r.info().lifecycleStage().mlflowName());
        m.put("artifact_uri", r.info().artifactUri());
        m.put("parent_run_id", r.parentRunId());
        m.put("params", r.params());
        m.put("tags", r.tags());
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (Metric x : r.latestMetrics().values()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("value", x.value());
            v.put("step", x.step());
            v.put("timestamp", x.timestamp());
            metrics.put(x.key(), v);
        }
        m.put("metrics", metrics);
        return m;
    }

    static void warn(PrintWriter err, List<LoadProblem> problems) {
        for (LoadProblem p : problems) {
            err.println("handoff: warning: unreadable " + p.describe());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists every run of the chosen experiments (default: all active ones) with its latest metrics.",
                    "Unreadable runs are reported on stderr; the others are still listed."})
    static final class ListRuns implements Callable<Integer> {
        @Mixin
        StoreOption store = new StoreOption();
        @Option(names = {"-e", "--experiment"}, paramLabel = "NAME|ID", description = "Experiment name or id (repeatable).")
        List<String> experiments = new ArrayList<>();
        @Option(names = {"-f", "--filter"}, paramLabel = "EXPR",
                description = "MLflow search filter, e.g. \"metrics.val_auc > 0.8 and params.model = 'xgboost'\".")
        String filter = "";
        @Option(names = {"-o", "--order-by"}, paramLabel = "CLAUSE", description = "MLflow order-by clause, e.g. \"metrics.val_auc DESC\" (repeatable).")
        List<String> orderBy = new ArrayList<>();
        @Option(names = "--max", paramLabel = "N", description = "List at most N runs.")
        Integer max;
        @Option(names = "--all-stages", description = "Include deleted runs and experiments.")
        boolean allStages;
        @Option(names = "--params", description = "Add a column for each parameter.")
        boolean params;
        @Option(names = "--json", description = "Print a JSON array of runs (params, tags, latest metrics).")
        boolean json;
        @Option(names = "--strict", description = "Exit with code 3 when some runs are unreadable.")
        boolean strict;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ViewType view = allStages ? ViewType.ALL : ViewType.ACTIVE_ONLY;
            try (RunSource source = store.open()) {
                ExperimentList exps = source.listExperiments(view);
                warn(err, exps.problems());
                List<Experiment> chosen = choose(exps.experiments(), experiments, source.describe());
                Map<String, String> names = new LinkedHashMap<>();
                chosen.forEach(e -> names.put(e.id(), e.name()));
                List<Run> runs = new ArrayList<>();
                List<LoadProblem> problems = new ArrayList<>();
                PartialListingException stopped = null;
                if (!chosen.isEmpty()) {
                    RunQuery q = RunQuery.of(new ArrayList<>(names.keySet())).withFilter(filter).withOrderBy(orderBy)
                            .withViewType(view);
                    RunPage all;
                    try {
                        all = max == null ? source.searchAllRuns(q) : source.searchRuns(q.withMaxResults(Math.max(1, max)));
                    } catch (PartialListingException e) {
                        // the source failed part-way (a server went away): list what loaded, then fail with the reason
                        all = e.loaded();
                        stopped = e;
                    }
                    runs.addAll(all.runs());
                    problems.addAll(all.problems());
                }
                warn(err, problems);
                if (json) {
                    List<Map<String, Object>> arr = new ArrayList<>();
                    runs.forEach(r -> arr.add(RunsCommand.json(r, names.get(r.info().experimentId()))));
                    out.println(JSON.writeValueAsString(arr));
                } else {
                    out.print(table(runs, names));
                    out.println(runs.size() + " run" + (runs.size() == 1 ? "" : "s")
                            + (problems.isEmpty() ? "" : ", " + problems.size() + " unreadable (see warnings)")
                            + (stopped == null ? "" : " (incomplete: the listing stopped, see the error)"));
                }
                out.flush();
                if (stopped != null) {
                    throw new CliFailure("listing stopped after " + runs.size() + " runs: " + stopped.getMessage(), stopped);
                }
                return strict && !(problems.isEmpty() && exps.problems().isEmpty()) ? HandoffCli.EXIT_PARTIAL : 0;
            } catch (SourceException e) {
                throw new CliFailure(e.getMessage(), e);
            }
        }

        private String table(List<Run> runs, Map<String, String> names) {
            TreeSet<String> metricKeys = new TreeSet<>();
            TreeSet<String> paramKeys = new TreeSet<>();
            for (Run r : runs) {
                metricKeys.addAll(r.latestMetrics().keySet());
                if (params) {
                    paramKeys.addAll(r.params().keySet());
                }
            }
            List<List<String>> rows = new ArrayList<>();
            List<String> header = new ArrayList<>(List.of("RUN ID", "NAME", "EXPERIMENT", "STATUS", "START", "DURATION"));
            paramKeys.forEach(k -> header.add("params." + k));
            header.addAll(metricKeys);
            rows.add(header);
            for (Run r : runs) {
                List<String> row = new ArrayList<>();
                row.add(r.id());
                row.add((r.parentRunId() != null ? "└ " : "") + r.displayName());
                row.add(names.getOrDefault(r.info().experimentId(), r.info().experimentId()));
                row.add(r.info().status().name());
                row.add(Formats.time(r.info().startTime()));
                row.add(Formats.duration(r.info().durationMillis()));
                for (String k : paramKeys) {
                    row.add(r.params().getOrDefault(k, ""));
                }
                for (String k : metricKeys) {
                    Metric m = r.latestMetrics().get(k);
                    row.add(m == null ? "" : Formats.number(m.value()));
                }
                rows.add(row);
            }
            return Formats.table(rows);
        }

        private static List<Experiment> choose(List<Experiment> all, List<String> wanted, String where) {
            if (wanted.isEmpty()) {
                return all;
            }
            List<Experiment> out = new ArrayList<>();
            for (String w : wanted) {
                Experiment found = all.stream().filter(e -> e.id().equals(w)).findFirst()
                        .or(() -> all.stream().filter(e -> e.name().equals(w)).findFirst())
                        .orElseThrow(() -> new CliFailure("no experiment '" + w + "' in " + where + " (known: "
                                + String.join(", ", all.stream().map(e -> e.name() + " [" + e.id() + "]").toList()) + ")"));
                if (!out.contains(found)) {
                    out.add(found);
                }
            }
            return out;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one run: info, params, tags, latest metrics and artifacts.")
    static final class ShowRun implements Callable<Integer> {
        @Mixin
        StoreOption store = new StoreOption();
        @Parameters(paramLabel = "RUN_ID", description = "The run's id.")
        String runId;
        @Option(names = "--json", description = "Print the run as JSON.")
        boolean json;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (RunSource source = store.open()) {
                Run r = source.getRun(runId);
                List<ArtifactRef> artifacts = new ArrayList<>();
                collect(source, runId, "", artifacts, 0);
                if (json) {
                    Map<String, Object> m = RunsCommand.json(r, null);
                    List<Map<String, Object>> arts = new ArrayList<>();
                    for (ArtifactRef a : artifacts) {
                        Map<String, Object> x = new LinkedHashMap<>();
                        x.put("path", a.path());
                        x.put("is_dir", a.directory());
                        x.put("file_size", a.directory() ? null : a.fileSize());
                        arts.add(x);
                    }
                    m.put("artifacts", arts);
                    out.println(JSON.writeValueAsString(m));
                    return 0;
                }
                out.println("Run " + r.id() + "  " + r.displayName());
                List<List<String>> info = new ArrayList<>();
                info.add(List.of("", ""));
                info.add(List.of("experiment", r.info().experimentId()));
                info.add(List.of("status", r.info().status().name()));
                info.add(List.of("user", r.info().userId()));
                info.add(List.of("start", Formats.time(r.info().startTime())));
                info.add(List.of("end", Formats.time(r.info().endTime())));
                info.add(List.of("duration", Formats.duration(r.info().durationMillis())));
                info.add(List.of("lifecycle", r.info().lifecycleStage().mlflowName()));
                info.add(List.of("artifact uri", r.info().artifactUri()));
                if (r.parentRunId() != null) {
                    info.add(List.of("parent run", r.parentRunId()));
                }
                out.print(Formats.table(info).substring(1));
                section(out, "Params", r.params());
                Map<String, String> metrics = new LinkedHashMap<>();
                r.latestMetrics().forEach((k, m) -> metrics.put(k, Formats.number(m.value()) + "  (step " + m.step() + ")"));
                section(out, "Metrics (latest)", metrics);
                section(out, "Tags", r.tags());
                out.println();
                out.println("Artifacts");
                if (artifacts.isEmpty()) {
                    out.println("  (none)");
                }
                for (ArtifactRef a : artifacts) {
                    int depth = (int) a.path().chars().filter(c -> c == '/').count();
                    out.println("  " + "  ".repeat(depth) + a.fileName() + (a.directory() ? "/" : "  (" + a.fileSize() + " bytes)"));
                }
                out.flush();
                return 0;
            } catch (SourceException e) {
                throw new CliFailure(e.getMessage(), e);
            }
        }

        private static void collect(RunSource source, String runId, String path, List<ArtifactRef> out, int depth)
                throws SourceException {
            if (depth > 20) {
                return;
            }
            for (ArtifactRef a : source.listArtifacts(runId, path)) {
                out.add(a);
                if (a.directory()) {
                    collect(source, runId, a.path(), out, depth + 1);
                }
            }
        }

        private static void section(PrintWriter out, String title, Map<String, String> values) {
            out.println();
            out.println(title);
            if (values.isEmpty()) {
                out.println("  (none)");
                return;
            }
            List<List<String>> rows = new ArrayList<>();
            values.forEach((k, v) -> rows.add(List.of("  " + k, v.replace("\n", "\\n"))));
            out.print(Formats.table(rows));
        }
    }
}
