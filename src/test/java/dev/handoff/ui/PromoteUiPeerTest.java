package dev.handoff.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.bundle.checklist.ExportPolicy;
import dev.handoff.peer.RegistryPeer;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.ui.review.ReviewPane;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13's governed handoff in the workbench against a real basic-auth {@code mlflow server} (the registry MLflow's
 * client seeded in {@link RegistryPeer}, as for PromotePeerTest): connect through the Connect dialog with
 * credentials, export a bundle from {@code credit-risk@champion} in the Models view, open it in Review bundle (whose
 * Promote writes to the connected REST source) and promote credit-risk/2 to {@code @champion}: refused with the
 * outstanding lines (MLflow's client reads the registry unchanged); then, with the checklist and sign-off done as
 * PromotePeerTest does, a bundle of credit-risk/2 passes the gate, the confirmation is accepted, and MLflow's client
 * reads the alias moved and the handoff.* tags set, nothing else changed.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("peer")
@Tag("fx")
class PromoteUiPeerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static RegistryPeer registry;

    private TestWorkbench fixture;
    private Workbench workbench;
    private Stage stage;

    @BeforeAll
    static void startServer() throws Exception {
        registry = RegistryPeer.start(tmp);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        fixture = TestWorkbench.show(stage);
        workbench = fixture.workbench;
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void exportFromTheAliasRefusedThenConfirmedAndReadBackByMlflow(FxRobot robot) throws Exception {
        JsonNode before = registry.registry();
        assertEquals("1", before.at("/aliases/champion").asText());
        assertEquals("2", before.at("/aliases/challenger").asText());

        // connect as the Connect dialog does: basic auth, credentials only in the form
        fx(() -> {
            workbench.showConnectDialog();
            ConnectPane pane = workbench.connectPane();
            pane.url().setText(registry.url());
            pane.auth().setValue(ConnectPane.AuthKind.BASIC);
            pane.user().setText(RegistryPeer.USER);
            pane.password().setText(RegistryPeer.PASSWORD);
            ((Button) pane.lookup("#connectButton")).fire();
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == 1);
        String title = fx(stage::getTitle);
        assertTrue(title.contains("MLflow tracking server") && title.contains("(basic auth as " + RegistryPeer.USER + ")"),
                title);
        assertTrue(fx(() -> workbench.connectPane().password().getText()).isEmpty(), "secrets cleared once connected");
        assertEquals(registry.runId(), workbench.runsPane().runs().get(0).id());

        // Models view: credit-risk version 1, Export by @champion
        Path open = tmp.resolve("open-bundle");
        exportFromModels(robot, "1", "credit-risk@champion", ExportPolicy.WARN, null, open);
        JsonNode reg = JSON.readTree(open.resolve("provenance/registry.json").toFile());
        assertEquals("credit-risk", reg.get("registered_model").asText());
        assertEquals("1", reg.get("version").asText());
        assertEquals("champion", reg.get("alias").asText());
        assertEquals(registry.runId(), reg.get("run_id").asText());
        assertEquals(2, reg.get("datasets").size());
        FxTesting.snapshot(stage, "promote-peer-models");

        // Review bundle: prefilled credit-risk/1 @champion from the export; promote credit-risk/2 instead: refused
        ReviewPane review = openInReview(open);
        assertEquals("credit-risk/1", fx(() -> field(review, "#promoteModel").getText()));
        assertEquals("champion", fx(() -> field(review, "#promoteAlias").getText()));
        robot.clickOn("#promoteBundle");
        assertTrue(fx(() -> ((Label) review.lookup("#promoteServer")).getText()).contains("(basic auth as " + RegistryPeer.USER + ")"),
                "Promote writes to the connected server");
        promote(robot, review, "credit-risk/2", "champion");
        waitUntil(() -> !status(review).startsWith("Checking"));
        String refused = status(review);
        assertTrue(refused.startsWith("Refused") && refused.contains("nothing was changed"), refused);
        List<String> outstanding = lines(review);
        assertTrue(outstanding.stream().anyMatch(l -> l.startsWith("• checklist ")), outstanding.toString());
        assertTrue(outstanding.stream().anyMatch(l -> l.startsWith("• sign-offs:")), outstanding.toString());
        FxTesting.snapshot(review.getScene(), "promote-peer-refused");
        assertEquals(before, registry.registry(), "a refused promotion changes nothing on the server");

        // sign off exactly as PromotePeerTest does, export credit-risk/2 with the signed checklist in the UI
        Path signed = RegistryPeer.signedChecklist(tmp.resolve("signed.yml"));
        registry.signOff();
        Path good = tmp.resolve("good-bundle");
        exportFromModels(robot, "2", "credit-risk/2", ExportPolicy.REFUSE, signed, good);

        // the gate passes; the confirmation states the writes; Promote writes them with the connection's credentials
        openInReview(good);
        assertEquals("credit-risk/2", fx(() -> field(review, "#promoteModel").getText()));
        robot.clickOn("#promoteBundle");
        promote(robot, review, "credit-risk/2", "champion");
        waitUntil(() -> confirmation() != null);
        assertTrue(status(review).startsWith("The gate passed"), status(review));
        String changes = fx(() -> ((TextArea) confirmation().lookup("#promoteChanges")).getText());
        assertTrue(changes.contains("alias @champion of credit-risk: version 1 -> version 2"), changes);
        assertTrue(changes.contains("tag handoff.checklist.status = passed"), changes);
        assertTrue(changes.contains("tag handoff.reviewers = Gina Governance, Sam Signer"), changes);
        assertTrue(changes.contains("tag handoff.replaced.champion = 1"), changes);
        FxTesting.snapshot(confirmation().getScene(), "promote-peer-confirm");
        robot.clickOn("#confirmPromote");
        waitUntil(() -> status(review).startsWith("Promoted") || status(review).startsWith("Promotion failed"));
        assertTrue(status(review).startsWith("Promoted credit-risk version 2 to @champion"), status(review) + " " + lines(review));
        assertTrue(lines(review).contains("set alias @champion of credit-risk: version 1 -> version 2"), lines(review).toString());
        FxTesting.snapshot(review.getScene(), "promote-peer-done");

        // MLflow's client: the alias moved, the handoff.* tags are set on version 2, nothing else changed
        JsonNode after = registry.registry();
        assertEquals("2", after.at("/aliases/champion").asText());
        assertEquals("2", after.at("/aliases/challenger").asText());
        assertEquals(before.get("tags"), after.get("tags"));
        assertEquals(before.at("/versions/1/tags"), after.at("/versions/1/tags"), "version 1's tags untouched");
        JsonNode tags = after.at("/versions/2/tags");
        String manifestRoot = JSON.readTree(good.resolve("manifest.intoto.json").toFile()).at("/subject/0/digest/sha256").asText();
        assertEquals(manifestRoot, tags.get("handoff.bundle.sha256").asText());
        assertEquals("passed", tags.get("handoff.checklist.status").asText());
        assertEquals("Gina Governance, Sam Signer", tags.get("handoff.reviewers").asText());
        assertFalse(tags.get("handoff.verified_at").asText().isEmpty());
        assertEquals("1", tags.get("handoff.replaced.champion").asText());
        for (var it = before.at("/versions/2/tags").fields(); it.hasNext(); ) {
            var e = it.next();
            assertEquals(e.getValue(), tags.get(e.getKey()), "version 2 keeps its tag " + e.getKey());
        }
        int added = 0;
        for (var it = tags.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!before.at("/versions/2/tags").has(k)) {
                assertTrue(k.startsWith("handoff."), "only handoff.* tags are added: " + k);
                added++;
            }
        }
        assertEquals(5, added, tags.toString());
    }

    /** Models view: selects credit-risk's {@code version}, Export…, exports by {@code ref} to {@code out}. */
    private void exportFromModels(FxRobot robot, String version, String ref, ExportPolicy policy, Path checklist,
                                  Path out) throws Exception {
        var pane = workbench.models().pane();
        fx(() -> {
            var tab = workbench.models().tab();
            tab.getTabPane().getSelectionModel().select(tab);
            return null;
        });
        waitUntil(() -> pane.modelsList().getItems().stream().anyMatch(m -> m.name().equals("credit-risk")));
        fx(() -> {
            RegisteredModel m = pane.modelsList().getItems().stream().filter(x -> x.name().equals("credit-risk"))
                    .findFirst().orElseThrow();
            pane.modelsList().getSelectionModel().select(m);
            return null;
        });
        waitUntil(() -> pane.versionsTable().getItems().size() == 2
                && pane.versionsTable().getItems().stream().allMatch(v -> v.name().equals("credit-risk")));
        fx(() -> {
            var table = pane.versionsTable();
            ModelVersion v = table.getItems().stream().filter(x -> x.version().equals(version)).findFirst().orElseThrow();
            table.getSelectionModel().clearAndSelect(table.getItems().indexOf(v));
            return null;
        });
        ExportPane previous = workbench.exportPane();
        fx(() -> { // the review window, when open, is out of the way of the main window's buttons
            if (workbench.reviewPane() != null) {
                workbench.reviewPane().getScene().getWindow().hide();
            }
            stage.toFront();
            return null;
        });
        robot.clickOn("#exportVersionButton");
        waitUntil(() -> workbench.exportPane() != null && workbench.exportPane() != previous);
        ExportPane export = workbench.exportPane();
        fx(() -> {
            ModelRef chosen = export.modelRef().getItems().stream().filter(r -> r.toString().equals(ref)).findFirst()
                    .orElseThrow(() -> new AssertionError(ref + " not offered: " + export.modelRef().getItems()));
            export.modelRef().setValue(chosen);
            export.policy().setValue(policy);
            export.heldOut().setText("");
            ((TextField) export.lookup("#exportChecklist")).setText(checklist == null ? "" : checklist.toString());
            export.target().setText(out.toString());
            export.export();
            return null;
        });
        waitUntil(() -> !fx(export::resultText).startsWith("Exporting"));
        String result = fx(export::resultText);
        assertTrue(result.startsWith("Wrote " + out), result);
        fx(() -> {
            export.getScene().getWindow().hide(); // out of the way of the review window's buttons
            return null;
        });
    }

    private ReviewPane openInReview(Path bundle) throws Exception {
        fx(() -> {
            workbench.showReview(bundle);
            return null;
        });
        ReviewPane review = workbench.reviewPane();
        waitUntil(() -> fx(() -> ((Label) review.lookup("#bundleLabel")).getText()).endsWith(" — " + bundle));
        fx(() -> {
            ((Stage) review.getScene().getWindow()).toFront();
            return null;
        });
        return review;
    }

    private void promote(FxRobot robot, ReviewPane review, String version, String alias) throws Exception {
        fx(() -> {
            field(review, "#promoteModel").setText(version);
            field(review, "#promoteAlias").setText(alias);
            return null;
        });
        robot.clickOn("#promoteButton");
    }

    private static TextField field(ReviewPane review, String id) {
        return (TextField) review.lookup(id);
    }

    private static String status(ReviewPane review) throws Exception {
        return fx(() -> ((Label) review.lookup("#promoteStatus")).getText());
    }

    @SuppressWarnings("unchecked")
    private static List<String> lines(ReviewPane review) throws Exception {
        return fx(() -> List.copyOf(((ListView<String>) review.lookup("#promoteLines")).getItems()));
    }

    /** The promotion's confirmation dialog, when showing. */
    private static javafx.scene.Parent confirmation() throws Exception {
        return fx(() -> Window.getWindows().stream().filter(Window::isShowing).map(w -> w.getScene().getRoot())
                .filter(r -> r.lookup("#confirmPromote") != null).findFirst().orElse(null));
    }
}
