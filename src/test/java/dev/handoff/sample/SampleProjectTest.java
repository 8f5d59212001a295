package dev.handoff.sample;

import dev.handoff.runs.source.file.FileStoreWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed sample project is what the generator and the recipe produce. */
class SampleProjectTest {
    private static final Path PROJECT = Path.of(System.getProperty("handoff.repo", "."))
            .resolve("sample-projects/credit-risk");

    @Test
    void committedCsvFilesAreExactlyTheGeneratorsOutput(@TempDir Path tmp) throws IOException {
        CreditRiskData.writeCsv(tmp, CreditRiskData.DEFAULT_ROWS, CreditRiskData.DEFAULT_SEED);
        CreditRiskData.writeDrifted(tmp);
        for (String f : List.of("train.csv", "test.csv", "drifted.csv")) {
            assertEquals(-1L, Files.mismatch(tmp.resolve(f), PROJECT.resolve("data").resolve(f)), f);
        }
    }

    @Test
    void committedStoreHoldsTheSweepsRuns() throws IOException {
        Path mlruns = PROJECT.resolve("mlruns");
        assertTrue(read(mlruns.resolve("1/meta.yaml")).contains("name: " + TrainSweep.EXPERIMENT + "\n"));
        assertTrue(read(mlruns.resolve("2/meta.yaml")).contains("name: " + TrainSweep.BASELINES + "\n"));
        TrainSweep.Config full = TrainSweep.Config.full();
        int expectedRuns = full.learningRates().size() + 1 + full.xgbConfigs().size() + full.cartDepths().size();
        // run ids come from the seed, in creation order
        Random ids = new Random(full.seed());
        Set<String> expectedIds = new HashSet<>();
        for (int i = 0; i < expectedRuns; i++) {
            expectedIds.add(FileStoreWriter.newRunId(ids));
        }
        List<Path> runs = new ArrayList<>();
        for (String exp : List.of("1", "2")) {
            try (Stream<Path> s = Files.list(mlruns.resolve(exp))) {
                s.filter(p -> Files.isRegularFile(p.resolve("meta.yaml"))).forEach(runs::add);
            }
        }
        Set<String> actualIds = new HashSet<>();
        runs.forEach(r -> actualIds.add(r.getFileName().toString()));
        assertEquals(expectedIds, actualIds);
        for (Path run : runs) {
            String meta = read(run.resolve("meta.yaml"));
            assertTrue(meta.contains("status: 3\n"), run.toString());
            assertTrue(meta.contains("artifact_uri: mlruns/" + run.getParent().getFileName() + "/"
                    + run.getFileName() + "/artifacts\n"), meta);
            String name = read(run.resolve("tags/mlflow.runName"));
            if (name.startsWith("logreg")) {
                assertEquals(full.sgdEpochs(), Files.readAllLines(run.resolve("metrics/val_auc")).size(), name);
            } else if (name.startsWith("xgb-eta")) {
                assertEquals(full.xgbRounds(), Files.readAllLines(run.resolve("metrics/val_auc")).size(), name);
            }
            if (!name.equals("xgb-sweep")) {
                assertTrue(Files.size(run.resolve("artifacts/model/model.tribuo")) > 0, name);
                assertTrue(Files.isRegularFile(run.resolve("artifacts/model/provenance.json")), name);
            }
        }
    }

    @Test
    void committedModelsDeserialize() throws IOException {
        try (Stream<Path> s = Files.walk(PROJECT.resolve("mlruns"))) {
            List<Path> models = s.filter(p -> p.getFileName().toString().equals("model.tribuo")).toList();
            TrainSweep.Config full = TrainSweep.Config.full();
            // every run but the xgb-sweep parent has a model
            assertEquals(full.learningRates().size() + full.xgbConfigs().size() + full.cartDepths().size(), models.size());
            for (Path m : models) {
                assertTrue(Model.deserializeFromFile(m).validate(org.tribuo.classification.Label.class), m.toString());
            }
        }
    }

    @Test
    void committedStoreStaysSmall() throws IOException {
        try (Stream<Path> s = Files.walk(PROJECT)) {
            long bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            assertTrue(bytes < 5_000_000, "sample project is " + bytes + " bytes");
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
