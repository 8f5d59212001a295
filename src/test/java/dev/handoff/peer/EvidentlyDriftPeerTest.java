package dev.handoff.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.drift.ColumnKind;
import dev.handoff.drift.ColumnProfile;
import dev.handoff.drift.DataTable;
import dev.handoff.drift.DriftAnalyzer;
import dev.handoff.drift.DriftReport;
import dev.handoff.drift.ReferenceProfile;
import dev.handoff.drift.ReferenceProfiler;
import dev.handoff.drift.ReferenceProfiles;
import dev.handoff.drift.SampleBundle;
import dev.handoff.drift.StatTests;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Our drift report against Evidently's on the same data: Evidently 0.7 (PyPI, in its own venv) runs DataDriftPreset on
 * the raw reference rows, we run from the bundle's reference profile only. Every default test's statistic agrees to
 * 1e-6 and every verdict matches, and so do PSI and Jensen-Shannon on Evidently's bins for every column. Cases: the
 * sample's train vs drifted and train vs test (reference of 2,400 rows: normed Wasserstein / Jensen-Shannon), and a
 * reference of 800 rows (KS / Z-test).
 */
@Tag("peer")
class EvidentlyDriftPeerTest {
    /** Evidently 0.7.23 needs pandas below 3 (it imports a pandas internal that pandas 3 removed). */
    static final List<String> REQUIREMENTS = List.of("evidently==0.7.23", "pandas==2.2.3");
    static final String VENV = "evidently-0.7.23";
    static final List<String> NUMERICAL = List.of("income", "debt_ratio", "credit_history_years", "late_payments",
            "loan_amount", "age", "num_accounts", "noise_1");
    static final double TOLERANCE = 1e-6;

    @TempDir
    static Path tmp;
    static MlflowPeer evidently;
    static ReferenceProfile bundled;

    @BeforeAll
    static void setUp() throws Exception {
        evidently = MlflowPeer.requireVenv(VENV, REQUIREMENTS,
                "import evidently, sys; sys.exit(0 if evidently.__version__ == '0.7.23' else 3)");
        Path bundle = SampleBundle.export(tmp.resolve("bundle"));
        bundled = ReferenceProfiles.read(bundle.resolve(ReferenceProfiles.BUNDLE_PATH));
    }

    @Test
    void trainVsDriftedAgreesWithEvidently() throws Exception {
        DriftReport ours = compare(bundled, SampleBundle.data("drifted.csv"), SampleBundle.data("train.csv"));
        assertEquals(List.of("debt_ratio", "group", "loan_amount"),
                ours.columns().stream().filter(DriftReport.ColumnDrift::drifted).map(DriftReport.ColumnDrift::column).sorted().toList());
    }

    @Test
    void trainVsTestAgreesWithEvidentlyAndIsNoDrift() throws Exception {
        DriftReport ours = compare(bundled, SampleBundle.data("test.csv"), SampleBundle.data("train.csv"));
        assertEquals(0, ours.driftedColumns());
    }

    @Test
    void smallReferenceUsesTheStatisticalTestsLikeEvidently() throws Exception {
        List<String> lines = Files.readAllLines(SampleBundle.data("train.csv"));
        Path small = tmp.resolve("train-800.csv");
        Files.write(small, lines.subList(0, 801));
        ReferenceProfile profile = ReferenceProfiler.build(new ReferenceProfiler.Spec(NUMERICAL, "default", "yes", "group", null),
                small, null, Instant.EPOCH);
        DriftReport drifted = compare(profile, SampleBundle.data("drifted.csv"), small);
        assertTrue(drifted.columns().stream().anyMatch(c -> c.test().equals("ks")));
        assertTrue(drifted.columns().stream().anyMatch(c -> c.test().equals("z")));
        compare(profile, SampleBundle.data("test.csv"), small);
    }

    @Test
    @SuppressWarnings("unchecked")
    void scoreDriftAgreesWithEvidently() throws Exception {
        Path bundle = tmp.resolve("bundle");
        var model = (org.tribuo.Model<org.tribuo.classification.Label>) dev.handoff.bundle.model.TribuoModelFiles.readModel(
                bundle.resolve("tribuo/model.tribuo"));
        var scorer = new dev.handoff.drift.TribuoScorer(model, bundled.features(), bundled.positiveLabel());
        Path ref = scores(scorer, SampleBundle.data("train.csv"), tmp.resolve("train-score.csv"));
        for (String data : List.of("drifted.csv", "test.csv")) {
            Path cur = scores(scorer, SampleBundle.data(data), tmp.resolve(data + "-score.csv"));
            Path out = Files.createTempFile(tmp, "evidently-score", ".json");
            evidently.runPython(Duration.ofMinutes(5), MlflowPeer.script("evidently_drift.py").toString(),
                    ref.toString(), cur.toString(), out.toString(), "score", "").requireSuccess();
            JsonNode theirs = new ObjectMapper().readTree(out.toFile()).at("/columns/score");
            DriftReport ours = DriftAnalyzer.compare(bundled, DriftAnalyzer.read(bundled, SampleBundle.data(data)), scorer,
                    bundled.plan(), () -> false);
            assertEquals(theirs.get("method").asText(), displayName(ours.score().test()), data);
            assertEquals(theirs.get("value").asDouble(), ours.score().statistic(), TOLERANCE, data + " score statistic");
            assertEquals(theirs.get("drifted").asBoolean(), ours.score().drifted(), data + " score verdict");
            assertEquals(data.equals("drifted.csv"), ours.score().drifted(), data);
        }
    }

    /** The rows' scores as a one-column CSV (shortest round-trip decimal of each double). */
    private static Path scores(dev.handoff.drift.TribuoScorer scorer, Path csv, Path out) throws Exception {
        DataTable t = DriftAnalyzer.read(bundled, csv);
        StringBuilder sb = new StringBuilder("score\n");
        for (double p : scorer.score(t).probability()) {
            sb.append(p).append('\n');
        }
        Files.writeString(out, sb);
        return out;
    }

    /** Runs both, asserts agreement column by column, returns ours. */
    private DriftReport compare(ReferenceProfile profile, Path current, Path referenceCsv) throws Exception {
        Path out = Files.createTempFile(tmp, "evidently", ".json");
        evidently.runPython(Duration.ofMinutes(5), MlflowPeer.script("evidently_drift.py").toString(),
                referenceCsv.toString(), current.toString(), out.toString(), String.join(",", NUMERICAL), "group").requireSuccess();
        JsonNode theirs = new ObjectMapper().readTree(out.toFile());

        DataTable table = DriftAnalyzer.read(profile, current);
        DriftReport ours = DriftAnalyzer.compare(profile, table, null, profile.plan(), () -> false);
        assertEquals(9, ours.columns().size());
        for (DriftReport.ColumnDrift c : ours.columns()) {
            JsonNode e = theirs.at("/columns/" + c.column());
            assertFalse(e.isMissingNode(), "Evidently reports " + c.column());
            assertEquals(e.get("method").asText(), displayName(c.test()), c.column() + ": same test");
            assertEquals(e.get("threshold").asDouble(), c.threshold(), 0, c.column() + ": same threshold");
            assertEquals(e.get("value").asDouble(), c.statistic(), TOLERANCE, c.column() + " " + c.test() + " statistic");
            assertEquals(e.get("drifted").asBoolean(), c.drifted(), c.column() + " verdict");
            assertTrue(c.exact(), c.column() + " is computed from the exact reference distribution");

            StatTests.Binned bins = evidentlyBins(profile.reference().column(c.column()).orElseThrow(), table);
            double psi = StatTests.psi(StatTests.fillZeroes(bins.reference()), StatTests.fillZeroes(bins.current()));
            assertEquals(theirs.at("/psi/" + c.column()).asDouble(), psi, TOLERANCE, c.column() + " PSI on Evidently's bins");
            double js = StatTests.jensenShannon(bins.reference(), bins.current());
            assertEquals(theirs.at("/jensenshannon/" + c.column()).asDouble(), js, TOLERANCE, c.column() + " JS on Evidently's bins");
        }
        assertEquals(theirs.get("drifted_count").asInt(), ours.driftedColumns());
        assertEquals(theirs.get("drifted_share").asDouble(), ours.driftedShare(), 1e-12);
        return ours;
    }

    private static StatTests.Binned evidentlyBins(ColumnProfile rc, DataTable table) {
        if (rc.kind() == ColumnKind.NUMERICAL) {
            return DriftAnalyzer.evidentlyBins(rc, StatTests.Dist.of(rc),
                    StatTests.Dist.ofRaw(table.numbers(rc.name())));
        }
        Map<String, Long> cur = new TreeMap<>();
        for (String s : table.labels(rc.name())) {
            if (s != null) {
                cur.merge(s, 1L, Long::sum);
            }
        }
        TreeSet<String> keys = new TreeSet<>(rc.categories().keySet());
        keys.addAll(cur.keySet());
        return StatTests.byKey(rc.categories(), cur, new ArrayList<>(keys));
    }

    private static String displayName(String test) {
        return switch (test) {
            case "ks" -> "K-S p_value";
            case "chisquare" -> "chi-square p_value";
            case "z" -> "Z-test p_value";
            case "wasserstein" -> "Wasserstein distance (normed)";
            case "jensenshannon" -> "Jensen-Shannon distance";
            default -> test;
        };
    }
}
