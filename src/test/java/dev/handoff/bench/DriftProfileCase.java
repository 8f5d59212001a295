package dev.handoff.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.drift.ColumnKind;
import dev.handoff.drift.DataTable;
import dev.handoff.drift.DatasetProfile;
import dev.handoff.drift.DriftAnalyzer;
import dev.handoff.drift.DriftReport;
import dev.handoff.drift.MonitoringPlan;
import dev.handoff.drift.Profiler;
import dev.handoff.drift.ReferenceProfile;
import dev.handoff.peer.MlflowPeer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Profiling a reference of 1M rows × 50 numerical features and comparing 100k new rows with it, against Evidently's
 * DataDriftPreset on the same two CSV files. Both sides include reading the CSV files; Evidently's time excludes the
 * Python interpreter's start and imports, ours the JVM's start (both measured inside the process).
 */
final class DriftProfileCase implements BenchCase {
    static final double GOAL = 10;
    static final int FEATURES = 50;
    static final String VENV = "evidently-0.7.23";
    static final List<String> REQUIREMENTS = List.of("evidently==0.7.23", "pandas==2.2.3");

    @Override
    public String name() {
        return "drift-profile";
    }

    @Override
    public String goal() {
        return "≥ 10× faster";
    }

    @Override
    public BenchResult run(Scale scale, Path work, Consumer<String> log) throws Exception {
        MlflowPeer evidently;
        try {
            evidently = MlflowPeer.requireVenv(VENV, REQUIREMENTS, "import evidently");
        } catch (Throwable t) {
            return BenchResult.skipped(name(), goal(), "Evidently unavailable: " + t.getMessage());
        }
        int rows = scale.full() ? 1_000_000 : 20_000;
        int current = scale.full() ? 100_000 : 2_000;
        List<String> features = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            features.add("f" + f);
        }
        Path ref = work.resolve("reference.csv"), cur = work.resolve("current.csv");
        log.accept("generating " + rows + " + " + current + " rows × " + FEATURES + " features");
        write(ref, rows, features, 1, 0);
        write(cur, current, features, 2, 0.3);

        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        features.forEach(f -> kinds.put(f, ColumnKind.NUMERICAL));
        log.accept("warm-up");
        ours(ref, cur, features, kinds);
        log.accept("timing ours");
        long t0 = System.nanoTime();
        DriftReport report = ours(ref, cur, features, kinds);
        double oursMs = (System.nanoTime() - t0) / 1e6;
        long t1 = System.nanoTime();
        DataTable table = DataTable.read(ref, kinds, Map.of());
        double readMs = (System.nanoTime() - t1) / 1e6;

        log.accept("timing Evidently");
        MlflowPeer.ProcessResult r = evidently.runPython(Duration.ofMinutes(60), MlflowPeer.script("evidently_bench.py").toString(),
                ref.toString(), cur.toString(), String.join(",", features)).requireSuccess();
        String json = r.stdout().strip();
        JsonNode theirs = new ObjectMapper().readTree(json.substring(json.lastIndexOf('\n') + 1));
        double refMs = theirs.get("seconds").asDouble() * 1000;
        double maxDiff = 0;
        for (DriftReport.ColumnDrift c : report.columns()) {
            maxDiff = Math.max(maxDiff, Math.abs(c.statistic() - theirs.at("/values/" + c.column()).asDouble()));
        }
        double ratio = refMs / oursMs;
        List<String> details = new ArrayList<>();
        details.add(String.format(Locale.ROOT, "reference %,d rows × %d features, current %,d rows (%d features shifted by 0.3 sd)",
                rows, FEATURES, current, 5));
        details.add("ours: DataTable.read of both CSV files + Profiler (2 threads) + DriftAnalyzer.compare, in-process "
                + BenchResult.millis(oursMs) + " (reading the reference CSV alone " + BenchResult.millis(readMs) + ")");
        details.add("reference: pandas.read_csv of both + Evidently 0.7.23 DataDriftPreset, in-process "
                + BenchResult.millis(refMs));
        details.add(String.format(Locale.ROOT, "drifted columns: ours %d, Evidently %d; max |statistic difference| %.3g"
                        + " (ours from a %d-point quantile sketch where a column has more than %d distinct values)",
                report.driftedColumns(), theirs.get("drifted").asInt(), maxDiff,
                Profiler.defaults().settings().sketchPoints(), Profiler.defaults().settings().maxDistinctValues()));
        System.out.printf(Locale.ROOT, "drift-profile: ours %.0f ms, Evidently %.0f ms, ratio %.1f×%n", oursMs, refMs, ratio);
        return new BenchResult(name(), oursMs, refMs, ratio, "reference / ours", goal(), ratio >= GOAL, details, null,
                Map.of("maxStatisticDiff", maxDiff, "rows", (double) table.rows()));
    }

    private static DriftReport ours(Path ref, Path cur, List<String> features, Map<String, ColumnKind> kinds) throws IOException {
        DataTable table = DataTable.read(ref, kinds, Map.of());
        DatasetProfile profile = Profiler.defaults().profile(ReferenceProfile.TRAINING, table, features, null, null, 2);
        ReferenceProfile p = new ReferenceProfile(ReferenceProfile.FORMAT, "bench", features, null, null, null,
                Profiler.defaults().settings(), MonitoringPlan.defaults(ReferenceProfile.TRAINING, features),
                Map.of(ReferenceProfile.TRAINING, profile));
        return DriftAnalyzer.compare(p, DriftAnalyzer.read(p, cur), null, p.plan(), () -> false);
    }

    /** 40 normal columns (4 decimals) and 10 Poisson counts; the first 5 shifted by {@code shift} standard deviations. */
    private static void write(Path file, int rows, List<String> features, long seed, double shift) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", features));
            w.write('\n');
            StringBuilder sb = new StringBuilder(512);
            for (int r = 0; r < rows; r++) {
                sb.setLength(0);
                for (int f = 0; f < features.size(); f++) {
                    if (f > 0) {
                        sb.append(',');
                    }
                    double s = f < 5 ? shift : 0;
                    if (f < 40) {
                        long v = Math.round((rnd.nextGaussian() + s) * 10_000);
                        sb.append(v / 10_000.0);
                    } else {
                        double l = 3 + s * Math.sqrt(3);
                        int k = 0;
                        double p = 1, lim = Math.exp(-l);
                        do {
                            k++;
                            p *= rnd.nextDouble();
                        } while (p > lim);
                        sb.append(k - 1);
                    }
                }
                w.write(sb.append('\n').toString());
            }
        }
    }
}
