package dev.handoff.ui.review;

import dev.handoff.bundle.BundleWriter;
import dev.handoff.bundle.Promotion;
import dev.handoff.bundle.RegistryFakes;
import dev.handoff.bundle.RegistryProvenance;
import dev.handoff.bundle.TinyModels;
import dev.handoff.bundle.checklist.Checklist;
import dev.handoff.bundle.checklist.ChecklistIo;
import dev.handoff.bundle.checklist.ChecklistLine;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.bundle.checklist.LineStatus;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.ui.FxTesting;
import dev.handoff.ui.Workbench;
import dev.handoff.ui.task.TaskRunner;
import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review bundle's Promote: refused with the outstanding lines while the checklist is open (nothing written); with a
 * signed bundle the confirmation states the alias change and every tag, Cancel writes nothing, Promote writes the tags
 * then the alias through {@link Promotion} (to a recording writer here; PromotePeerTest covers a real server), and the
 * tab says what changed. A store that is not a tracking server is refused before anything is checked.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class PromoteFlowTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);
    private static final String ARTIFACT = "model/model.tribuo";
    private TaskRunner tasks;
    private ReviewPane review;
    private Stage stage;
    private RegistryFakes.Registry source;
    private final List<String> writes = Collections.synchronizedList(new ArrayList<>());

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        tasks = new TaskRunner(2);
        Path file = Files.createTempFile("promote-model", ".tribuo");
        TinyModels.logistic().serializeToFile(file);
        source = new RegistryFakes.Registry(Files.readAllBytes(file));
        Files.delete(file);
        review = new ReviewPane(tasks, CLOCK, () -> source);
        review.promoteTab().useWriters(s -> new RegistryFakes.RecordingWrites(writes, -1));
        stage.setScene(new Scene(review, 1100, 700));
        stage.getScene().getStylesheets().add(Workbench.class.getResource("workbench.css").toExternalForm());
        stage.show();
    }

    @AfterEach
    void tearDown() {
        tasks.close();
    }

    private Path bundle(Path dir, boolean signed) throws Exception {
        return bundle(dir, signed, null);
    }

    /** A bundle of run r2's model; with {@code registry}, exported from the registry (provenance/registry.json). */
    private Path bundle(Path dir, boolean signed, RegistryProvenance registry) throws Exception {
        ModelArtifact model = ModelArtifact.fromRun(source, "r2", ARTIFACT, "credit");
        Checklist list = ChecklistIo.loadDefault();
        List<ExplanationReview> reviews = List.of();
        if (signed) {
            for (ChecklistLine l : list.lines()) {
                list = list.sign(l.lineId(), LineStatus.DONE, "Gina Governance", null, "checked", CLOCK);
            }
            ReviewSubject subject = new ReviewSubject(model.ref(), model.sha256(), "test.csv", "00", "LINEAR_SHAP", "yes",
                    "logit", Map.of(), List.of(0, 1));
            reviews = List.of(ExplanationReview.of(subject, ExplanationReview.Decision.APPROVED, "Sam Signer", "sensible",
                    CLOCK.instant()));
        }
        Path out = dir.resolve((signed ? "signed" : "open") + (registry == null ? "" : "-registry"));
        BundleWriter writer = BundleWriter.named("credit").clock(CLOCK).model(model, null, "one row of zeros")
                .checklist(list, ExportPolicy.WARN).signOffs(reviews, model.sha256());
        if (registry != null) {
            writer.json(RegistryProvenance.FILE, registry.toJson());
        }
        writer.write(out);
        return out;
    }

    private void open(Path bundle) throws Exception {
        fx(() -> {
            review.open(bundle);
            return null;
        });
        waitUntil(() -> review.contents() != null && review.contents().path().equals(bundle));
    }

    private void openAndPromote(FxRobot robot, Path bundle) throws Exception {
        open(bundle);
        robot.clickOn("#promoteBundle");
        fx(() -> {
            review.promoteTab().modelField().setText("credit-risk/2");
            review.promoteTab().aliasField().setText("champion");
            return null;
        });
        robot.clickOn("#promoteButton");
    }

    @Test
    void refusedWithOutstandingLinesThenConfirmedAndWritten(FxRobot robot, @TempDir Path dir) throws Exception {
        PromoteTab tab = review.promoteTab();
        openAndPromote(robot, bundle(dir, false));
        waitUntil(() -> tab.statusText().startsWith("Refused"));
        assertTrue(tab.statusText().contains("nothing was changed"), tab.statusText());
        assertTrue(tab.lines().stream().anyMatch(l -> l.startsWith("• checklist ")), tab.lines().toString());
        assertTrue(tab.lines().stream().anyMatch(l -> l.startsWith("• sign-offs:")), tab.lines().toString());
        assertEquals(List.of(), writes);
        FxTesting.snapshot(stage, "review-promote-refused");

        openAndPromote(robot, bundle(dir, true));
        waitUntil(() -> tab.confirmation() != null && tab.confirmation().isShowing());
        String changes = fx(() -> ((TextArea) tab.confirmation().getDialogPane().getContent()).getText());
        assertTrue(changes.contains("alias @champion of credit-risk: version 1 -> version 2"), changes);
        assertTrue(changes.contains("tag handoff.checklist.status = passed"), changes);
        assertTrue(changes.contains("tag handoff.reviewers = Gina Governance, Sam Signer"), changes);
        assertTrue(changes.contains("tag handoff.verified_at = 2026-05-01T10:00:00Z"), changes);
        assertTrue(changes.contains("tag handoff.replaced.champion = 1"), changes);
        FxTesting.snapshot(tab.confirmation().getDialogPane().getScene(), "review-promote-confirm");
        robot.clickOn("#cancelPromote");
        waitUntil(() -> tab.statusText().startsWith("Not promoted"));
        assertEquals(List.of(), writes, "cancelled at confirmation: nothing written");

        robot.clickOn("#promoteButton");
        waitUntil(() -> tab.confirmation() != null && tab.confirmation().isShowing());
        robot.clickOn("#confirmPromote");
        waitUntil(() -> tab.statusText().startsWith("Promoted"));
        assertEquals(6, writes.size(), writes.toString());
        assertTrue(writes.get(0).startsWith("tag credit-risk/2 handoff.bundle.sha256="), writes.toString());
        assertEquals("alias credit-risk@champion=2", writes.get(5), "the alias is set last, after the tags");
        assertTrue(tab.lines().contains("set alias @champion of credit-risk: version 1 -> version 2"), tab.lines().toString());
        assertTrue(tab.lines().contains("set tag handoff.replaced.champion = 1 on credit-risk version 2"), tab.lines().toString());
        FxTesting.snapshot(stage, "review-promote-done");
    }

    @Test
    void aBundleExportedFromTheRegistryPrefillsVersionAndAlias(FxRobot robot, @TempDir Path dir) throws Exception {
        PromoteTab tab = review.promoteTab();
        RegistryProvenance exported = new RegistryProvenance("credit-risk", "2", "challenger", "r2", "runs:/r2/model",
                null, ARTIFACT, List.of());
        Path fromRegistry = bundle(dir, true, exported);
        open(fromRegistry);
        assertEquals("credit-risk/2", fx(() -> tab.modelField().getText()));
        assertEquals("challenger", fx(() -> tab.aliasField().getText()));
        assertTrue(tab.statusText().contains(RegistryProvenance.FILE), tab.statusText());

        robot.clickOn("#promoteBundle");
        robot.clickOn("#promoteButton");
        waitUntil(() -> tab.confirmation() != null && tab.confirmation().isShowing());
        String changes = fx(() -> ((TextArea) tab.confirmation().getDialogPane().getContent()).getText());
        assertTrue(changes.contains("alias @challenger of credit-risk: (unset) -> version 2"), changes);
        robot.clickOn("#cancelPromote");
        waitUntil(() -> tab.statusText().startsWith("Not promoted"));
        assertEquals(List.of(), writes);

        open(bundle(dir, false));
        assertEquals("", fx(() -> tab.modelField().getText()), "a run bundle keeps no prefill from the last bundle");
        assertEquals("champion", fx(() -> tab.aliasField().getText()));

        fx(() -> {
            tab.modelField().setText("credit-risk/1");
            return null;
        });
        open(bundle(dir, false, new RegistryProvenance("credit-risk", "2", null, "r2", "runs:/r2/model", null,
                ARTIFACT, List.of())));
        assertEquals("credit-risk/2", fx(() -> tab.modelField().getText()));
        assertEquals("champion", fx(() -> tab.aliasField().getText()), "exported by version: the alias field is kept");
    }

    @Test
    void aStoreThatIsNotATrackingServerIsRefusedBeforeChecking(FxRobot robot, @TempDir Path dir) throws Exception {
        PromoteTab tab = review.promoteTab();
        tab.useWriters(Promotion::writerFor);
        openAndPromote(robot, bundle(dir, true));
        waitUntil(() -> tab.statusText().contains("tracking server only"));
        assertEquals(List.of(), writes);
    }
}
