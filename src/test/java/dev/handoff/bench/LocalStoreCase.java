package dev.handoff.bench;

import dev.handoff.peer.MlflowPeer;
import dev.handoff.runs.source.file.SyntheticStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Listing every run of a large local file store with its latest metrics: our CLI in a fresh JVM against MLflow's
 * {@code mlflow.search_runs} in a fresh Python process, both timed as whole processes.
 */
final class LocalStoreCase implements BenchCase {
    private static final double GOAL = 20;

    @Override
    public String name() {
        return "local-store";
    }

    @Override
    public String goal() {
        return "≥ 20× faster";
    }

    @Override
    public BenchResult run(Scale scale, Path work, Consumer<String> log) throws Exception {
        MlflowPeer peer = MlflowPeer.get();
        int runs = scale.full() ? 2_000 : 20;
        int metrics = 10;
        int steps = scale.full() ? 1_000 : 50;
        Path root = work.resolve("mlruns");
        log.accept("generating " + runs + " runs × " + metrics + " metrics × " + steps + " steps");
        SyntheticStore.Result store = SyntheticStore.generate(root, runs, metrics, steps, 42);

        // the JVM options the `handoff` launchers start the CLI with (packaging/cli-java-options)
        List<String> ours = new ArrayList<>(List.of(Processes.java()));
        ours.addAll(Processes.cliJavaOptions());
        ours.addAll(List.of("-cp", Processes.classPath(), "dev.handoff.cli.HandoffCli",
                "runs", "list", "--store", root.toString(), "--json"));
        List<String> reference = List.of(peer.python().toString(), "-c", String.join("\n",
                "import sys, mlflow",
                "mlflow.set_tracking_uri(sys.argv[1])",
                "df = mlflow.search_runs(search_all_experiments=True)",
                "print(len(df))"), root.toUri().toString());
        Map<String, String> env = Map.of("MLFLOW_ALLOW_FILE_STORE", "true");

        log.accept("warm-up (page cache)");
        Processes.run(ours, env, false, 30).requireSuccess("handoff runs list");
        Processes.Timed ref = Processes.run(reference, env, true, 60).requireSuccess("mlflow.search_runs");
        int listed = Integer.parseInt(ref.stdout().strip());
        if (listed == 0) {
            throw new IllegalStateException("mlflow.search_runs listed no runs of the " + runs + " generated");
        }
        log.accept("timing");
        Processes.Timed o = Processes.run(ours, env, false, 30).requireSuccess("handoff runs list");
        Processes.Timed r = Processes.run(reference, env, true, 60).requireSuccess("mlflow.search_runs");
        double ratio = r.millis() / o.millis();
        List<String> details = new ArrayList<>();
        details.add(String.format(Locale.ROOT, "%d runs × %d metrics × %d steps (%,d metric points)",
                runs, metrics, steps, store.metricPoints()));
        details.add("ours: `java " + String.join(" ", Processes.cliJavaOptions())
                + " -cp … dev.handoff.cli.HandoffCli runs list --store ROOT --json > /dev/null`, as the `handoff`"
                + " launchers start it"
                + " (whole JVM process) " + BenchResult.millis(o.millis()) + ", peak RSS " + rss(o));
        details.add("reference: `mlflow.search_runs(search_all_experiments=True)` on file://ROOT (whole Python"
                + " process) " + BenchResult.millis(r.millis()) + ", peak RSS " + rss(r));
        details.add("both list active runs only (their default): " + listed + " of the " + runs
                + " generated runs; each timed once after one warm-up run of both");
        return new BenchResult(name(), o.millis(), r.millis(), ratio, "reference / ours", goal(), ratio >= GOAL,
                details);
    }

    private static String rss(Processes.Timed t) {
        return t.maxRssKb().isPresent()
                ? String.format(Locale.ROOT, "%.0f MiB", t.maxRssKb().getAsLong() / 1024.0) : "n/a";
    }
}
