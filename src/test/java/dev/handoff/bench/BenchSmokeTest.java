package dev.handoff.bench;

import dev.handoff.peer.MlflowPeer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs every benchmark case at {@code --scale small}: the code paths work and produce sane figures (no timing goals). */
@Tag("peer")
class BenchSmokeTest {

    @TempDir
    Path dir;

    @Test
    void inProcessCasesProduceFiniteFiguresAndAMatchingTreeShap() throws Exception {
        Path out = dir.resolve("results.md");
        List<BenchResult> results = run(out, "chart", "treeshap", "bundle-verify");

        assertEquals(List.of("chart", "treeshap", "bundle-verify"), results.stream().map(BenchResult::name).toList());
        results.forEach(BenchSmokeTest::assertFiniteTimes);
        BenchResult shap = results.get(1);
        double diff = shap.figures().get(TreeShapCase.MAX_ABS_DIFF);
        assertTrue(diff <= 1e-5, "TreeSHAP differs from XGBoost's predictContrib by " + diff);
        String md = Files.readString(out);
        assertTrue(md.contains("| case | ours | reference | ratio | goal | met? |"), md);
        assertTrue(md.contains("| treeshap |") && md.contains("| bundle-verify |") && md.contains("- nproc: "), md);
    }

    @Test
    void mlflowPeerCasesProduceFiniteFigures() throws Exception {
        MlflowPeer.require();
        List<BenchResult> results = run(null, "local-store", "metric-history", "sqlite-first-page");

        assertEquals(3, results.size());
        results.forEach(BenchSmokeTest::assertFiniteTimes);
    }

    @Test
    void driftProfileCaseProducesFiniteFiguresCloseToEvidently() throws Exception {
        MlflowPeer.requireVenv(DriftProfileCase.VENV, DriftProfileCase.REQUIREMENTS, "import evidently"); // skip or fail, as every peer
        List<BenchResult> results = run(null, "drift-profile");

        assertEquals(1, results.size());
        BenchResult drift = results.get(0);
        assertTrue(drift.ran(), drift.skipped());
        assertFiniteTimes(drift);
        assertTrue(drift.figures().get("maxStatisticDiff") < 0.02, "quantile-sketch Wasserstein close to Evidently's: " + drift.details());
    }

    @Test
    void rejectsUnknownCasesAndScales() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse("--only", "nope"))
                .getMessage().contains("local-store"));
        assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse("--scale", "huge"));
        assertThrows(IllegalArgumentException.class, () -> Bench.Options.parse("--out"));
    }

    private List<BenchResult> run(Path out, String... cases) throws Exception {
        List<String> args = new ArrayList<>(List.of("--scale", "small", "--work", dir.resolve("work").toString()));
        for (String c : cases) {
            args.addAll(List.of("--only", c));
        }
        if (out != null) {
            args.addAll(List.of("--out", out.toString()));
        }
        return Bench.run(Bench.Options.parse(args.toArray(String[]::new)), line -> { });
    }

    private static void assertFiniteTimes(BenchResult r) {
        assertTrue(r.ran(), r.name() + " skipped: " + r.skipped());
        assertTrue(Double.isFinite(r.oursMillis()) && r.oursMillis() > 0, r.name() + " ours " + r.oursMillis());
        assertTrue(Double.isFinite(r.refMillis()) && r.refMillis() > 0, r.name() + " reference " + r.refMillis());
        assertTrue(Double.isFinite(r.ratio()) && r.ratio() > 0, r.name() + " ratio " + r.ratio());
        assertFalse(r.details().isEmpty(), r.name() + " has no details");
    }
}
