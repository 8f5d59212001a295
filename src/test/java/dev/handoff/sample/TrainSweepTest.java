package dev.handoff.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs a tiny sweep (few epochs / rounds, small data) twice and checks the store it writes. */
class TrainSweepTest {
    private static final TrainSweep.Config TINY = new TrainSweep.Config(7, 3, List.of(0.1), List.of(3), 4,
            List.of(new TrainSweep.XgbConfig(0.3, 2, 1.0)));

    @TempDir
    static Path tmp;
    static Path projectA;
    static TrainSweep.Result resultA;
    static Path projectB;

    @BeforeAll
    static void runTwice() throws IOException {
        projectA = tmp.resolve("a");
        projectB = tmp.resolve("b");
        for (Path p : List.of(projectA, projectB)) {
            CreditRiskData.writeCsv(p.resolve("data"), 600, 5);
        }
        resultA = TrainSweep.run(projectA, TINY);
        TrainSweep.run(projectB, TINY);
    }

    private static Path runDir(String runId) throws IOException {
        try (Stream<Path> s = Files.list(projectA.resolve("mlruns"))) {
            for (Path exp : s.toList()) {
                if (Files.isDirectory(exp.resolve(runId))) {
                    return exp.resolve(runId);
                }
            }
        }
        throw new AssertionError("no run " + runId);
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void experimentsAndRunsAreWritten() throws IOException {
        Path mlruns = projectA.resolve("mlruns");
        assertTrue(read(mlruns.resolve("0/meta.yaml")).contains("name: Default\n"));
        String e1 = resultA.experimentIds().get(TrainSweep.EXPERIMENT);
        String e2 = resultA.experimentIds().get(TrainSweep.BASELINES);
        assertTrue(read(mlruns.resolve(e1).resolve("meta.yaml")).contains("name: credit-risk\n"));
        assertTrue(read(mlruns.resolve(e1).resolve("meta.yaml")).contains("artifact_location: mlruns/" + e1 + "\n"));
        assertTrue(read(mlruns.resolve(e2).resolve("meta.yaml")).contains("name: credit-risk-baselines\n"));
        // 1 logistic + xgb parent + 1 child + 1 cart
        assertEquals(4, resultA.runIds().size());
        for (String id : resultA.runIds()) {
            String meta = read(runDir(id).resolve("meta.yaml"));
            assertTrue(meta.contains("status: 3\n"), meta);
            assertTrue(meta.contains("run_id: " + id + "\n"));
            assertTrue(meta.contains("artifact_uri: mlruns/"), meta);
            assertEquals(TrainSweep.USER, read(runDir(id).resolve("tags/mlflow.user")));
            assertEquals(TrainSweep.class.getName(), read(runDir(id).resolve("tags/mlflow.source.name")));
            assertTrue(Files.exists(runDir(id).resolve("tags/model_type")));
            long start = Long.parseLong(meta.replaceAll("(?s).*start_time: (\\d+).*", "$1"));
            long end = Long.parseLong(meta.replaceAll("(?s).*end_time: (\\d+).*", "$1"));
            assertTrue(start > 1_600_000_000_000L && end >= start, meta);
        }
    }

    @Test
    void logisticRunHasOneMetricLinePerEpoch() throws IOException {
        Path run = runDir(resultA.runIds().get(0));
        assertEquals("logreg-adagrad-lr0.1", read(run.resolve("tags/mlflow.runName")));
        assertEquals("0.1", read(run.resolve("params/learning_rate")));
        assertEquals("3", read(run.resolve("params/epochs")));
        for (String m : List.of("train_loss", "train_accuracy", "val_loss", "val_accuracy", "val_auc")) {
            List<String> lines = Files.readAllLines(run.resolve("metrics").resolve(m));
            assertEquals(3, lines.size(), m);
            for (int i = 0; i < 3; i++) {
                String[] f = lines.get(i).split(" ");
                assertEquals(3, f.length, lines.get(i));
                assertEquals(Integer.toString(i + 1), f[2]);
                double v = Double.parseDouble(f[1]);
                assertTrue(v >= 0 && (m.endsWith("loss") || v <= 1), m + " " + v);
            }
        }
        double auc = Double.parseDouble(Files.readAllLines(run.resolve("metrics/val_auc")).get(2).split(" ")[1]);
        assertTrue(auc > 0.75, "a logistic model on logistic ground truth should rank well, AUC " + auc);
    }

    @Test
    void xgboostChildIsNestedUnderTheSweepAndLogsEveryRound() throws IOException {
        Path parent = runDir(resultA.runIds().get(1));
        Path child = runDir(resultA.runIds().get(2));
        assertEquals("xgb-sweep", read(parent.resolve("tags/mlflow.runName")));
        assertEquals(resultA.runIds().get(1), read(child.resolve("tags/mlflow.parentRunId")));
        assertEquals(resultA.runIds().get(2), read(parent.resolve("tags/best_run_id")));
        assertEquals(4, Files.readAllLines(child.resolve("metrics/val_auc")).size());
        assertEquals("4", Files.readAllLines(child.resolve("metrics/val_loss")).get(3).split(" ")[2]);
        assertEquals("2", read(child.resolve("params/max_depth")));
    }

    @Test
    void modelArtifactsLoadAndPredict() throws IOException {
        for (String id : List.of(resultA.runIds().get(0), resultA.runIds().get(2), resultA.runIds().get(3))) {
            Path model = runDir(id).resolve("artifacts/model/model.tribuo");
            Model<?> m = Model.deserializeFromFile(model);
            assertTrue(m.validate(Label.class), id);
            JsonNode prov = new ObjectMapper().readTree(runDir(id).resolve("artifacts/model/provenance.json").toFile());
            assertTrue(prov.isArray() && prov.size() > 0, id);
        }
        Model<?> xgb = Model.deserializeFromFile(runDir(resultA.runIds().get(2)).resolve("artifacts/model/model.tribuo"));
        assertTrue(xgb.getProvenance().getTrainerProvenance().getClassName()
                .equals(XGBoostClassificationTrainer.class.getName()));
    }

    @Test
    void sameSeedGivesSameIdsParamsAndValues() throws IOException {
        Map<String, String> a = contentWithoutTimes(projectA.resolve("mlruns"));
        Map<String, String> b = contentWithoutTimes(projectB.resolve("mlruns"));
        assertEquals(a.keySet(), b.keySet());
        assertFalse(a.isEmpty());
        for (String k : a.keySet()) {
            assertEquals(a.get(k), b.get(k), k);
        }
    }

    @Test
    void refusesToOverwriteAnExistingStore() {
        IOException e = assertThrows(IOException.class, () -> TrainSweep.run(projectA, TINY));
        assertTrue(e.getMessage().contains("mlruns"));
    }

    @Test
    void aucMatchesTheTextbookExample() {
        // scores 0.1, 0.4, 0.35, 0.8 with labels 0, 0, 1, 1: 3 of 4 positive/negative pairs ordered right
        assertEquals(0.75, TrainSweep.auc(new double[]{0.1, 0.4, 0.35, 0.8}, new boolean[]{false, false, true, true}));
        assertEquals(0.5, TrainSweep.auc(new double[]{0.5, 0.5}, new boolean[]{false, true}));
    }

    /** Params, tags and metric values (timestamps dropped) of every run, by relative path. */
    private static Map<String, String> contentWithoutTimes(Path mlruns) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(mlruns)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = mlruns.relativize(p).toString().replace('\\', '/');
                if (rel.contains("/params/") || rel.contains("/tags/")) {
                    out.put(rel, read(p));
                } else if (rel.contains("/metrics/")) {
                    List<String> values = new ArrayList<>();
                    for (String line : Files.readAllLines(p)) {
                        String[] f = line.split(" ");
                        values.add(f[1] + " " + f[2]);
                    }
                    out.put(rel, String.join("\n", values));
                }
            }
        }
        return out;
    }
}
