package dev.handoff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.peer.MlflowPeer;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.source.sqlite.SqliteStoreSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The first page (100 runs, default order, whole runs with params, tags and latest metrics) of a 100,000-run MLflow
 * SQLite store: {@link SqliteStoreSource#searchRuns} against {@code mlflow.search_runs(max_results=100)}, both in a warm
 * process, the median of several calls after the first; the first calls are reported apart. The store is written with
 * MLflow's own schema; the two first pages must list the same run ids in the same order.
 */
final class SqliteFirstPageCase implements BenchCase {
    static final double GOAL = 20;
    private static final int REPEATS = 7;

    @Override
    public String name() {
        return "sqlite-first-page";
    }

    @Override
    public String goal() {
        return "≥ 20× faster";
    }

    @Override
    public BenchResult run(Scale scale, Path work, Consumer<String> log) throws Exception {
        MlflowPeer peer = MlflowPeer.get();
        int runs = scale.full() ? 100_000 : 2_000;
        Path db = work.resolve("mlflow.db");
        log.accept("writing " + runs + " runs into an MLflow " + MlflowPeer.VERSION + " SQLite store");
        ObjectMapper json = new ObjectMapper();
        JsonNode made = json.readTree(lastLine(peer.runPython(Duration.ofMinutes(20),
                MlflowPeer.script("make_sqlite_store.py").toString(), db.toString(), Integer.toString(runs))
                .requireSuccess().stdout()));
        String experiment = made.get("experiment_id").asText();

        log.accept("timing mlflow.search_runs");
        JsonNode theirs = json.readTree(lastLine(peer.runPython(Duration.ofMinutes(20),
                MlflowPeer.script("bench_sqlite_first_page.py").toString(), db.toString(), experiment,
                Integer.toString(REPEATS)).requireSuccess().stdout()));
        double[] refTimes = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            refTimes[i] = theirs.get("millis").get(i).asDouble();
        }
        List<String> theirIds = new ArrayList<>();
        theirs.get("run_ids").forEach(n -> theirIds.add(n.asText()));

        log.accept("timing SqliteStoreSource.searchRuns");
        RunQuery query = RunQuery.of(List.of(experiment)).withMaxResults(100);
        double[] ourTimes = new double[REPEATS];
        RunPage page;
        double ourFirst;
        try (SqliteStoreSource source = new SqliteStoreSource(db)) {
            long t = System.nanoTime();
            page = source.searchRuns(query);
            ourFirst = (System.nanoTime() - t) / 1e6;
            for (int i = 0; i < REPEATS; i++) {
                long t0 = System.nanoTime();
                page = source.searchRuns(query);
                ourTimes[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        List<String> ourIds = page.runs().stream().map(Run::id).toList();
        if (!ourIds.equals(theirIds)) {
            throw new IllegalStateException("the first pages differ: ours " + ourIds.subList(0, Math.min(5, ourIds.size()))
                    + "…, MLflow's " + theirIds.subList(0, Math.min(5, theirIds.size())) + "…");
        }
        Run first = page.runs().get(0);
        if (first.params().size() != 5 || first.latestMetrics().size() != 5 || first.tags().size() < 3) {
            throw new IllegalStateException("the first page's runs are not whole: " + first);
        }
        double ours = median(ourTimes);
        double ref = median(refTimes);
        double ratio = ref / ours;
        List<String> details = new ArrayList<>();
        details.add(String.format(Locale.ROOT, "%,d runs × (5 params, 3 tags, 5 metrics) in one experiment, written by "
                + "make_sqlite_store.py into MLflow %s's schema", runs, MlflowPeer.VERSION));
        details.add("ours: SqliteStoreSource.searchRuns(first page of 100, default order: start_time DESC, run_id), whole"
                + " runs, in-process, median of " + REPEATS + " after one warm-up " + BenchResult.millis(ours)
                + " (all: " + times(ourTimes) + ")");
        details.add("reference: mlflow.search_runs(experiment_ids=[E], max_results=100) in one Python process, median of "
                + REPEATS + " after one warm-up " + BenchResult.millis(ref) + " (all: " + times(refTimes) + ")");
        details.add(String.format(Locale.ROOT, "first call (ours: the SQL scans every run row, as MLflow's does, since"
                + " MLflow's schema has no index on experiment or start time; later calls on the unchanged database are"
                + " served from the ordered ids it found, checked by PRAGMA data_version): ours %.1f ms, MLflow %.1f ms"
                + " (incl. creating its engine), ratio %.1f×", ourFirst, theirs.get("first_millis").asDouble(),
                theirs.get("first_millis").asDouble() / ourFirst));
        details.add("both first pages list the same " + ourIds.size() + " run ids in the same order");
        System.out.printf(Locale.ROOT, "sqlite-first-page: ours %.1f ms, MLflow %.1f ms, ratio %.1f×%n", ours, ref, ratio);
        return new BenchResult(name(), ours, ref, ratio, "reference / ours", goal(), ratio >= GOAL, details, null,
                Map.of("runs", (double) runs));
    }

    private static String lastLine(String out) {
        String s = out.strip();
        return s.substring(s.lastIndexOf('\n') + 1);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String times(double[] xs) {
        StringBuilder b = new StringBuilder();
        for (double x : xs) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", x));
        }
        return b + " ms";
    }
}
