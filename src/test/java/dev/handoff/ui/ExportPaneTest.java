package dev.handoff.ui;

import dev.handoff.ui.task.TaskRunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.BundleVerifier;
import dev.handoff.bundle.VerificationReport;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.bundle.manifest.Ed25519Keys;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.ViewType;
import dev.handoff.runs.source.file.FileStoreSource;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputControl;
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
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.snapshot;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "Export bundle" dialog on the credit-risk sample's logistic regression run: card fields typed into the form end
 * up in the written card, the refuse policy blocks an export while required checklist lines are pending (and says
 * which), warn exports with warnings, and a signed export verifies with the public key.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class ExportPaneTest {
    static final Path PROJECT = Path.of(System.getProperty("handoff.repo", ".")).resolve("sample-projects/credit-risk");
    static final String RUN_NAME = "logreg-adagrad-lr0.05";

    private TaskRunner tasks;
    private FileStoreSource source;
    private ExportPane pane;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        tasks = new TaskRunner(1);
        source = new FileStoreSource(PROJECT.resolve("mlruns"));
        List<String> ids = source.listExperiments(ViewType.ACTIVE_ONLY).experiments().stream().map(Experiment::id).toList();
        Run run = source.searchAllRuns(RunQuery.of(ids)).runs().stream()
                .filter(r -> r.displayName().equals(RUN_NAME)).findFirst().orElseThrow();
        pane = new ExportPane(tasks, source, run, PROJECT, null);
        // as Workbench.showExportDialog shows it
        stage.setScene(new Scene(pane, 720, 560));
        stage.getScene().getStylesheets().add(Workbench.class.getResource("workbench.css").toExternalForm());
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        tasks.close();
        source.close();
    }

    /** Scrolls the form to {@code id}, clicks into it and types {@code text}, as a user would. */
    private void fill(FxRobot robot, String id, String text) throws Exception {
        fx(() -> {
            scrollIntoView(stage.getScene().lookup(id));
            return null;
        });
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(id).write(text);
    }

    private static void scrollIntoView(Node node) {
        for (Node p = node.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane scroll) {
                Node content = scroll.getContent();
                double contentHeight = content.getBoundsInLocal().getHeight();
                double viewport = scroll.getViewportBounds().getHeight();
                double y = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
                if (contentHeight > viewport) {
                    scroll.setVvalue(Math.max(0, Math.min(1, (y - 12) / (contentHeight - viewport))));
                }
                scroll.layout();
                return;
            }
        }
    }

    private void fillCard(FxRobot robot) throws Exception {
        fill(robot, "#exportCardOwner", "Risk Team <risk@example.com>");
        fill(robot, "#exportCardLicense", "Apache-2.0");
        fill(robot, "#exportCardOverview", "Scores loan applications for default risk.");
        fx(() -> {
            // multi-line areas: one entry per line
            text("#exportCardUses").setText("Pre-screening of consumer loans\nPrioritising manual review");
            text("#exportCardLimitations").setText("Trained on synthetic data only");
            return null;
        });
    }

    private TextInputControl text(String id) {
        return (TextInputControl) stage.getScene().lookup(id);
    }

    private void setPolicy(ExportPolicy policy) throws Exception {
        fx(() -> {
            pane.policy().setValue(policy);
            return null;
        });
    }

    private void exportAndWait(FxRobot robot) throws Exception {
        robot.clickOn("#exportButton");
        waitUntil(() -> fx(() -> !pane.resultText().startsWith("Exporting") && !pane.resultText().isBlank()
                && !stage.getScene().lookup("#exportButton").isDisabled()));
    }

    @Test
    void refuseBlocksWhileLinesArePendingThenWarnWritesTheEditedCard(FxRobot robot, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("bundle");
        fx(() -> {
            pane.target().setText(out.toString());
            return null;
        });
        fillCard(robot);
        assertEquals(ExportPolicy.REFUSE, fx(() -> pane.policy().getValue()), "refuse is the default");
        snapshot(stage, "export-filled");

        exportAndWait(robot);
        String refused = fx(pane::resultText);
        assertTrue(refused.startsWith("Export refused: required checklist lines are outstanding:"), refused);
        assertTrue(refused.contains("A.1") && refused.contains("(pending)"), refused);
        assertTrue(refused.contains("policy WARN"), refused);
        assertTrue(fx(() -> isShowing(stage.getScene().lookup("#exportResult"))), "the refusal is visible in the dialog");
        assertTrue(fx(() -> stage.getScene().lookup("#exportResult").getStyleClass().contains(ExportPane.FAILED_STYLE)));
        assertFalse(Files.exists(out), "a refused export writes nothing");
        snapshot(stage, "export-refused");

        setPolicy(ExportPolicy.WARN);
        exportAndWait(robot);
        String written = fx(pane::resultText);
        assertTrue(written.startsWith("Wrote " + out.toAbsolutePath() + " (unsigned)"), written);
        assertTrue(written.contains("warning: required checklist line A.1"), written);
        assertFalse(fx(() -> stage.getScene().lookup("#exportResult").getStyleClass().contains(ExportPane.FAILED_STYLE)));
        snapshot(stage, "export-warned");

        ObjectMapper json = new ObjectMapper();
        JsonNode card = json.readTree(out.resolve("card/model_card.json").toFile());
        assertEquals("Scores loan applications for default risk.", card.at("/model_details/overview").asText());
        assertEquals("Risk Team", card.at("/model_details/owners/0/name").asText(), card.toString());
        assertEquals("risk@example.com", card.at("/model_details/owners/0/contact").asText());
        assertEquals("Apache-2.0", card.at("/model_details/licenses/0/identifier").asText());
        assertEquals(List.of("Pre-screening of consumer loans", "Prioritising manual review"),
                descriptions(card.at("/considerations/use_cases")));
        assertEquals(List.of("Trained on synthetic data only"), descriptions(card.at("/considerations/limitations")));
        assertTrue(card.at("/quantitative_analysis/performance_metrics").toString().contains("held-out test.csv"),
                "the preselected data/test.csv was evaluated");
        String markdown = Files.readString(out.resolve("card/README.md"));
        for (String s : new String[]{"Scores loan applications for default risk.", "Risk Team", "risk@example.com",
                "Pre-screening of consumer loans", "Prioritising manual review", "Trained on synthetic data only"}) {
            assertTrue(markdown.contains(s), s + " in\n" + markdown);
        }
        assertTrue(markdown.lines().anyMatch(l -> l.replace(" ", "").replace("\"", "").equals("license:apache-2.0")), markdown);
        JsonNode meta = json.readTree(out.resolve("bundle.json").toFile());
        assertEquals("WARN", meta.at("/sections/checklist/policy").asText());
        assertTrue(meta.get("warnings").toString().contains("required checklist line A.1"), meta.toString());
        VerificationReport report = BundleVerifier.verify(out, null);
        assertTrue(report.intact(), report.describe().toString());
        assertEquals(VerificationReport.SignatureStatus.UNSIGNED, report.signature());
        var profile = dev.handoff.drift.ReferenceProfiles.read(out.resolve(dev.handoff.drift.ReferenceProfiles.BUNDLE_PATH));
        assertTrue(profile.dataset(dev.handoff.drift.ReferenceProfile.TRAINING).isPresent(),
                "the preselected data/train.csv is the drift profile's training data");
        assertTrue(profile.dataset(dev.handoff.drift.ReferenceProfile.HELD_OUT).isPresent());
    }

    @Test
    void signedZipExportVerifiesWithThePublicKey(FxRobot robot, @TempDir Path dir) throws Exception {
        KeyPair keys = Ed25519Keys.generate();
        Ed25519Keys.writePrivateKey(keys.getPrivate(), dir.resolve("signer.key"));
        Ed25519Keys.writePublicKey(keys.getPublic(), dir.resolve("signer.pub"));
        Path zip = dir.resolve("signed.zip");
        fx(() -> {
            pane.target().setText(zip.toString());
            text("#exportSigningKey").setText(dir.resolve("signer.key").toString());
            pane.policy().setValue(ExportPolicy.WARN);
            return null;
        });
        exportAndWait(robot);
        String written = fx(pane::resultText);
        assertTrue(written.startsWith("Wrote " + zip.toAbsolutePath() + " (signed)"), written);
        snapshot(stage, "export-signed");

        VerificationReport good = BundleVerifier.verify(zip, keys.getPublic());
        assertTrue(good.intact(), good.describe().toString());
        assertEquals(VerificationReport.SignatureStatus.VALID, good.signature());
        VerificationReport other = BundleVerifier.verify(zip, Ed25519Keys.generate().getPublic());
        assertEquals(VerificationReport.SignatureStatus.INVALID, other.signature());
    }

    @Test
    void withoutHeldOutDataTheExportSaysWhatItLeftOut(FxRobot robot, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("no-data");
        fx(() -> {
            pane.heldOut().setText("");
            pane.target().setText(out.toString());
            text("#exportSensitive").setText("group");
            pane.policy().setValue(ExportPolicy.WARN);
            return null;
        });
        robot.clickOn("#exportButton");
        String message = fx(pane::resultText);
        assertTrue(message.contains("sensitive column 'group' needs a held-out CSV"), message);
        assertFalse(Files.exists(out));

        fx(() -> {
            text("#exportSensitive").setText("");
            return null;
        });
        exportAndWait(robot);
        String written = fx(pane::resultText);
        assertTrue(written.startsWith("Wrote " + out.toAbsolutePath()), written);
        for (String section : new String[]{"metrics.held_out", "explanations", "fairness"}) {
            assertTrue(written.contains("warning: omitted " + section + ": no held-out data was given"), written);
        }
        assertFalse(Files.exists(out.resolve("fairness/fairness.json")));
        assertTrue(BundleVerifier.verify(out, null).intact());
        snapshot(stage, "export-no-data");
    }

    @Test
    void formErrorsNameTheField(FxRobot robot, @TempDir Path dir) throws Exception {
        fx(() -> {
            pane.target().setText(dir.resolve("b").toString());
            text("#exportSigningKey").setText(dir.resolve("missing.key").toString());
            return null;
        });
        robot.clickOn("#exportButton");
        String message = fx(pane::resultText);
        assertTrue(message.startsWith("signing key: " + dir.resolve("missing.pub") + " does not exist"), message);
        assertTrue(fx(() -> stage.getScene().lookup("#exportResult").getStyleClass().contains(ExportPane.FAILED_STYLE)));
        assertFalse(Files.exists(dir.resolve("b")));
    }

    private static List<String> descriptions(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("description").asText()));
        return out;
    }

    /** Visible and at least three text lines of it inside the window, not below its bottom edge. */
    private boolean isShowing(Node node) {
        if (node == null || !node.isVisible()) {
            return false;
        }
        var b = node.localToScene(node.getBoundsInLocal());
        double visible = Math.min(b.getMaxY(), stage.getScene().getHeight()) - Math.max(b.getMinY(), 0);
        return visible > 50 && b.getMinX() >= 0 && b.getMaxX() <= stage.getScene().getWidth() + 0.5;
    }
}
