package dev.handoff.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.DefaultLineIds;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.Explainers;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.ExplanationService;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.ProgressListener;
import dev.handoff.explain.ReasonCodeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A violated monotone direction is a bundle warning citing checklist line HW.2, and recorded in bundle.json. */
class MonotonicityExportTest {
    static final Path PROJECT = Path.of(System.getProperty("handoff.repo", ".")).resolve("sample-projects/credit-risk");
    @TempDir
    Path tmp;

    @Test
    void aViolationIsAWarningNamingTheLineAndTheSectionRecordsIt() throws Exception {
        Path file;
        try (var walk = Files.walk(PROJECT.resolve("mlruns"))) {
            file = walk.filter(p -> p.getFileName().toString().equals("model.tribuo"))
                    .filter(p -> p.toString().contains("logreg") || isLogreg(p)).findFirst().orElseThrow();
        }
        @SuppressWarnings("unchecked")
        Model<Label> model = (Model<Label>) Model.deserializeFromFile(file);
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable data = FeatureTable.fromCsv(PROJECT.resolve("data/test.csv"), "default", features)
                .alignTo(features);
        ExplanationReport local = ExplanationService.run(model, data, new ExplanationService.Request(
                ExplanationService.Kind.AUTO, "yes", IntStream.range(0, 12).boxed().toList(),
                new Explainers.Options(20, 0, 200, 1L), 1), ProgressListener.NONE, Cancellation.NONE);
        ReasonCodeTable table = ReasonCodeTable.parse(("adverse_class: \"yes\"\nfeatures:\n"
                + "  debt_ratio: {code: D1, reason: Debt, monotone: decreasing}\n"
                + "  late_payments: {code: D2, reason: Late, monotone: increasing}\n").getBytes(StandardCharsets.UTF_8),
                "codes.yml");
        // a team that makes the line blocking marks it required
        Checklist checklist = ChecklistIo.parse(ChecklistIo.toYaml(ChecklistIo.loadDefault())
                .replace("required: false", "required: true"), "team.yml");
        BundleWriter writer = BundleWriter.named("t").model(model).checklist(checklist, ExportPolicy.WARN);
        MonotonicityExport.addTo(writer, model, local, table, "yes", data, checklist);
        BundleWriter.Result result = writer.write(tmp.resolve("b"));
        String warning = result.warnings().stream().filter(w -> w.startsWith("monotonicity:")).findFirst()
                .orElseThrow(() -> new AssertionError(result.warnings().toString()));
        assertTrue(warning.contains("debt_ratio (decreasing, 12 of 12 rows)"), warning);
        assertFalse(warning.contains("late_payments"), warning);
        assertTrue(warning.contains("HW.2 (Monotonic constraints hold, required)"), warning);
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains(DefaultLineIds.MONOTONIC_CONSTRAINTS)
                && !w.startsWith("monotonicity:")), "the required line is outstanding: " + result.warnings());
        JsonNode meta = new ObjectMapper().readTree(tmp.resolve("b/bundle.json").toFile()).get("sections")
                .get("monotonicity");
        assertFalse(meta.get("holds").asBoolean());
        assertEquals("debt_ratio", meta.get("violated").get(0).asText());
        assertTrue(meta.get("required").asBoolean());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("b").resolve(MonotonicityExport.PATH).toFile());
        assertEquals("VIOLATED", json.get("features").get(0).get("verdict").asText());
    }

    private static boolean isLogreg(Path modelFile) {
        Path runDir = modelFile;
        while (runDir != null && !Files.isDirectory(runDir.resolve("tags"))) {
            runDir = runDir.getParent();
        }
        try {
            return runDir != null && Files.readString(runDir.resolve("tags/mlflow.runName")).strip()
                    .equals("logreg-adagrad-lr0.05");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
