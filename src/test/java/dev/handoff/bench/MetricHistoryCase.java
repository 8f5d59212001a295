package dev.handoff.bench;

import dev.handoff.peer.MlflowPeer;
import dev.handoff.runs.source.file.SyntheticStore;
import dev.handoff.runs.source.rest.MlflowRestSource;
import dev.handoff.runs.source.rest.RestAuth;
import dev.handoff.runs.source.rest.RestConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Loading many long metric histories from an MLflow tracking server: {@link MlflowRestSource#getMetricHistory}
 * against MLflow's Python {@code MlflowClient.get_metric_history}, same server, same runs.
 */
final class MetricHistoryCase implements BenchCase {
    private static final double GOAL = 5;
    private static final int POOL = 4;
    private static final int WARM_UP_RUNS = 5;

    @Override
    public String name() {
        return "metric-history";
    }

    @Override
    public String goal() {
        return "≥ 5× faster";
    }

    @Override
    public BenchResult run(Scale scale, Path work, Consumer<String> log) throws Exception {
        MlflowPeer peer = MlflowPeer.get();
        int runs = scale.full() ? 100 : 5;
        int steps = scale.full() ? 100_000 : 2_000;
        Path root = work.resolve("mlruns");
        log.accept("generating " + runs + " runs × 1 metric × " + steps + " steps");
        SyntheticStore.Result store = SyntheticStore.generate(root, runs, 1, steps, 7);
        String key = SyntheticStore.metricKeys(1).get(0);
        Map<String, String> env = Map.of("MLFLOW_ALLOW_FILE_STORE", "true");
        try (MlflowPeer.Server server = peer.startServer(root.toUri().toString(), work.resolve("artifacts"), env)) {
            String uri = server.baseUrl().toString();
            // warm-up: JIT, server imports and page cache, on a few runs (a whole pass would double the case's time:
            // the server's per-point cost dominates both sides)
            log.accept("server at " + uri + "; warm-up");
            loadSequential(uri, store.runIds().subList(0, Math.min(WARM_UP_RUNS, runs)), key);
            log.accept("timing ours");
            long start = System.nanoTime();
            long points = loadSequential(uri, store.runIds(), key);
            double sequential = (System.nanoTime() - start) / 1e6;
            if (points != store.metricPoints()) {
                throw new IllegalStateException("Loaded " + points + " points, the store has " + store.metricPoints());
            }
            start = System.nanoTime();
            loadPooled(uri, store.runIds(), key);
            double pooled = (System.nanoTime() - start) / 1e6;

            log.accept("timing reference");
            List<String> args = new ArrayList<>(List.of(MlflowPeer.script("bench_metric_history.py").toString(),
                    uri, key));
            args.addAll(store.runIds());
            MlflowPeer.ProcessResult r = peer.runPython(Duration.ofMinutes(60), env, args.toArray(String[]::new))
                    .requireSuccess();
            long refPoints = -1;
            double refInside = Double.NaN;
            for (String line : r.stdout().strip().split("\n")) {
                String[] kv = line.strip().split(" ");
                if (kv[0].equals("points")) {
                    refPoints = Long.parseLong(kv[1]);
                } else if (kv[0].equals("seconds")) {
                    refInside = Double.parseDouble(kv[1]) * 1000;
                }
            }
            if (refPoints != points) {
                throw new IllegalStateException("MlflowClient loaded " + refPoints + " points, we loaded " + points);
            }
            double ratio = refInside / sequential;
            List<String> details = List.of(
                    String.format(Locale.ROOT, "%d runs, one metric each, %,d points in all, MLflow server over a"
                            + " file store", runs, points),
                    "ours: a fresh MlflowRestSource per pass, histories loaded sequentially: "
                            + BenchResult.millis(sequential) + "; with a pool of " + POOL + " threads: "
                            + BenchResult.millis(pooled) + String.format(Locale.ROOT, " (%.2f× the reference)",
                            refInside / pooled),
                    "reference: MlflowClient.get_metric_history, sequential, timed inside Python: "
                            + BenchResult.millis(refInside) + "; whole process (with interpreter start and imports): "
                            + BenchResult.millis(r.elapsed().toNanos() / 1e6),
                    "an untimed warm-up of ours on " + Math.min(WARM_UP_RUNS, runs) + " runs first (JIT, server,"
                            + " page cache)");
            return new BenchResult(name(), sequential, refInside, ratio, "reference / ours, sequential", goal(),
                    ratio >= GOAL, details);
        }
    }

    private static MlflowRestSource source(String uri) throws Exception {
        // no history store: every timed load fetches from the server
        return new MlflowRestSource(RestConfig.of(java.net.URI.create(uri), RestAuth.none()), null);
    }

    private static long loadSequential(String uri, List<String> runIds, String key) throws Exception {
        MlflowRestSource source = source(uri);
        long points = 0;
        for (String id : runIds) {
            points += source.getMetricHistory(id, key).size();
        }
        return points;
    }

    private static long loadPooled(String uri, List<String> runIds, String key) throws Exception {
        MlflowRestSource source = source(uri);
        ExecutorService pool = Executors.newFixedThreadPool(POOL);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (String id : runIds) {
                futures.add(pool.submit(() -> source.getMetricHistory(id, key).size()));
            }
            long points = 0;
            for (Future<Integer> f : futures) {
                points += f.get();
            }
            return points;
        } finally {
            pool.shutdownNow();
        }
    }
}
