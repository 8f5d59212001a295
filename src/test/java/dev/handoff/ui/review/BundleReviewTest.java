package dev.handoff.ui.review;

import dev.handoff.ui.task.TaskRunner;

import dev.handoff.bundle.BundleWriter;
import dev.handoff.bundle.TinyModels;
import dev.handoff.bundle.card.ModelCardBuilder;
import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ChecklistLine;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.bundle.checklist.LineStatus;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.FeatureImportance;
import javafx.scene.Scene;
import javafx.scene.control.TreeItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.handoff.ui.FxTesting;
import dev.handoff.ui.Workbench;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class BundleReviewTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);
    private TaskRunner tasks;
    private ReviewPane review;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        tasks = new TaskRunner(2);
        review = new ReviewPane(tasks, CLOCK);
        stage.setScene(new Scene(review, 1100, 700));
        stage.getScene().getStylesheets().add(Workbench.class.getResource("workbench.css").toExternalForm());
        stage.show();
    }

    @AfterEach
    void tearDown() {
        tasks.close();
    }

    /** A real bundle: a tiny logistic model, its card with held-out metrics, a checklist, explanations, provenance. */
    private static BundleWriter bundle(String name, String learningRate) {
        Model<Label> model = TinyModels.logistic();
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, TinyModels.data(120, 99));
        var card = ModelCardBuilder.fromModel(model).name(name).owner("Risk team", "risk@example.com")
                .labelEvaluation(evaluation, "held-out").limitation("synthetic data only").build();
        FeatureImportance global = new FeatureImportance("mean_abs_shap",
                List.of(new FeatureImportance.Entry("income", 0.9, 0), new FeatureImportance.Entry("debt", -0.7, 0),
                        new FeatureImportance.Entry("age", 0.01, 0)), Map.of());
        ExplanationReport local = new ExplanationReport(name, model.getClass().getName(), "linear_shap", "yes",
                "logit", Map.of(), List.of(
                new ExplanationReport.RowExplanation(3, "yes", "yes", 0.1, 1.2, 2.5e-7, List.of(
                        new ExplanationReport.FeatureAttribution("income", 1.0, 0.8)))), List.of(global), 2.5e-7);
        return BundleWriter.named(name).clock(CLOCK).model(model).card(card)
                .checklist(ChecklistIo.loadDefault(), ExportPolicy.WARN)
                .metrics(Map.of("held_out", Map.of("accuracy", evaluation.accuracy())))
                .explanations("local", local)
                .json("provenance/run.json", Map.of("run_id", "r1", "params", Map.of("lr", learningRate, "epochs", "5")));
    }

    @Test
    void showsCardExplanationsAndIntegrityThenATamperedFile(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("credit");
        bundle("credit-risk", "0.1").write(bundle);
        openAndWait(bundle);

        assertTrue(review.contents().card().isPresent());
        var metrics = review.contents().card().get().quantitativeAnalysis().performanceMetrics();
        assertFalse(metrics.isEmpty());
        assertTrue(metrics.stream().anyMatch(m -> m.confidenceInterval() != null), "held-out metrics carry CIs");
        assertEquals(metrics.size(), fx(() -> ((javafx.scene.control.TableView<?>) stage.getScene().lookup("#cardMetrics")).getItems().size()));
        var explanation = review.contents().explanations().stream().filter(e -> e.file().equals("local.json")).findFirst().orElseThrow();
        assertEquals("linear_shap", explanation.method());
        assertEquals(1, explanation.rows());
        assertEquals(2.5e-7, explanation.maxResidual(), 1e-12);
        assertTrue(explanation.details().startsWith("mean_abs_shap: income"), explanation.details());
        assertTrue(review.report().intact(), review.report().describe().toString());
        assertTrue(fx(review::integrityText).startsWith("✔ Intact"));
        snapshot("review-card");
        selectTab(2);
        snapshot("review-explanations");
        selectTab(3);
        snapshot("review-integrity");

        Path metricsFile = bundle.resolve("metrics/metrics.json");
        Files.writeString(metricsFile, Files.readString(metricsFile).replace("accuracy", "acuracy"));
        openAndWait(bundle);
        assertFalse(review.report().intact());
        assertEquals(List.of("metrics/metrics.json"), review.report().changed());
        assertTrue(fx(review::integrityText).startsWith("✘ NOT intact"));
        var shown = fx(() -> List.copyOf(((javafx.scene.control.ListView<String>) stage.getScene().lookup("#integrityList")).getItems()));
        assertTrue(shown.contains("changed: metrics/metrics.json"), shown.toString());
        snapshot("review-tampered");
    }

    @Test
    void signsOffALineAndSavesTheChecklistWithoutTouchingTheBundle(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("credit.zip");
        bundle("credit-risk", "0.1").writeZip(zip);
        String before = sha256(zip);
        openAndWait(zip);
        selectTab(1);
        Checklist original = review.checklistTab().checklist();
        ChecklistLine first = original.lines().get(0);
        assertEquals(LineStatus.PENDING, first.status());

        fx(() -> {
            var tree = review.checklistTab().tree();
            TreeItem<Object> section = tree.getRoot().getChildren().get(0);
            tree.getSelectionModel().select(section.getChildren().get(0));
            review.checklistTab().status().setValue(LineStatus.DONE);
            review.checklistTab().reviewer().setText("Mo Reviewer");
            review.checklistTab().evidence().setText("https://wiki.example.com/data-review");
            review.checklistTab().signSelected();
            return null;
        });
        ChecklistLine signed = review.checklistTab().checklist().line(first.lineId()).orElseThrow();
        assertEquals(LineStatus.DONE, signed.status());
        assertEquals("Mo Reviewer", signed.reviewer());
        assertEquals("2024-05-01T10:00:00Z", signed.timestamp());
        assertEquals(original.outstandingRequired().size() - 1, review.checklistTab().checklist().outstandingRequired().size());
        assertEquals("Mo Reviewer", fx(() -> review.checklistTab().tree().getColumns().get(3)
                .getCellData(review.checklistTab().tree().getSelectionModel().getSelectedItem())));
        snapshot("review-checklist");

        Path saved = dir.resolve("out").resolve("signed.yml");
        Files.createDirectories(saved.getParent());
        fx(() -> {
            review.checklistTab().save(saved);
            return null;
        });
        assertTrue(fx(() -> review.checklistTab().message()).startsWith("Saved "), fx(() -> review.checklistTab().message()));
        ChecklistLine reloaded = ChecklistIo.load(saved).line(first.lineId()).orElseThrow();
        assertEquals(LineStatus.DONE, reloaded.status());
        assertEquals("https://wiki.example.com/data-review", reloaded.evidence());
        assertEquals(before, sha256(zip), "the bundle itself is never modified");

        fx(() -> {
            review.checklistTab().tree().getSelectionModel().select(0);
            review.checklistTab().signSelected();
            return null;
        });
        assertTrue(fx(() -> review.checklistTab().message()).contains("Select a checklist line"), "a section is not signable");
    }

    @Test
    void comparesTwoBundlesAndMarksDifferences(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        bundle("credit-risk", "0.1").write(a);
        bundle("credit-risk-v2", "0.3").write(b);
        openAndWait(a);
        fx(() -> {
            review.compareWith(b);
            return null;
        });
        waitUntil(() -> !fx(() -> review.compareTab().table().getItems().isEmpty()));
        var rows = fx(() -> List.copyOf(review.compareTab().table().getItems()));
        var lr = rows.stream().filter(r -> r.section().equals("param") && r.key().equals("lr")).findFirst().orElseThrow();
        assertTrue(lr.differs());
        assertEquals("0.1", lr.left());
        assertEquals("0.3", lr.right());
        assertFalse(rows.stream().filter(r -> r.key().equals("epochs")).findFirst().orElseThrow().differs());
        assertTrue(rows.stream().anyMatch(r -> r.section().equals("card") && r.key().equals("name") && r.differs()));
        assertTrue(rows.stream().anyMatch(r -> r.section().equals("metric") && !r.differs()), "same model, same metrics");
        snapshot("review-compare");
    }

    @Test
    void openingASecondBundleDropsTheFirstOnesLateResult(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        bundle("credit-risk", "0.1").write(a);
        bundle("credit-risk-v2", "0.3").write(b);
        fx(() -> {
            review.open(a);
            review.open(b);
            return null;
        });
        waitUntil(() -> fx(review::contents) != null && tasks.awaitIdle(java.time.Duration.ofSeconds(20)));
        assertEquals("credit-risk-v2", fx(review::contents).name(), "only the latest bundle is shown");
        assertEquals(b, fx(review::contents).path());
        assertTrue(fx(() -> ((javafx.scene.control.Label) stage.getScene().lookup("#bundleLabel")).getText())
                .startsWith("credit-risk-v2"));
    }

    @Test
    void aZippedBundleGetsADriftTabThatComparesNewDataWithItsProfile(@TempDir Path dir) throws Exception {
        Path zip = dev.handoff.drift.SampleBundle.export(dir.resolve("sample.zip"));
        openAndWait(zip);
        DriftTab drift = fx(review::driftTab);
        assertEquals(List.of("Card", "Checklist", "Explanations", "Integrity", "Drift", "Compare", "Promote"),
                fx(() -> review.tabs().getTabs().stream().map(javafx.scene.control.Tab::getText).toList()));
        fx(() -> {
            drift.openCsv(dev.handoff.drift.SampleBundle.data("drifted.csv"));
            drift.compare();
            return null;
        });
        waitUntil(() -> fx(() -> drift.reportProperty().get()) != null);
        assertTrue(fx(() -> drift.reportProperty().get().columns().stream()
                .anyMatch(c -> c.column().equals("loan_amount") && c.drifted())), "the zip's profile was read");

        Path other = dir.resolve("credit");
        bundle("credit-risk", "0.1").write(other);
        openAndWait(other);
        assertTrue(fx(review::driftTab) != drift, "each bundle gets its own Drift tab");
        assertEquals(7, fx(() -> review.tabs().getTabs().size()));
    }

    private void openAndWait(Path bundle) throws Exception {
        var previous = fx(review::report);
        fx(() -> {
            review.open(bundle);
            return null;
        });
        waitUntil(() -> fx(review::report) != previous && fx(review::report) != null);
    }

    private void selectTab(int index) throws Exception {
        fx(() -> {
            review.tabs().getSelectionModel().select(index);
            return null;
        });
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private void snapshot(String name) throws Exception {
        FxTesting.snapshot(stage, name);
    }
}
