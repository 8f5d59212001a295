package dev.handoff.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.peer.MlflowPeer;
import dev.handoff.runs.Run;
import dev.handoff.runs.source.rest.MlflowRestSource;
import dev.handoff.runs.source.rest.RestAuth;
import dev.handoff.runs.source.rest.RestConfig;
import dev.handoff.runs.source.rest.StopServerAfterPages;
import dev.handoff.ui.model.CompareModel;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.prefs.Preferences;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The workbench on a real {@code mlflow server} (SQLite backend) into which MLflow's own Python client logged a
 * realistic experiment: connect through the dialog, chart and compare two remote runs; and a server that goes away
 * while the runs are being listed page by page.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("peer")
@Tag("fx")
class RemoteWorkbenchPeerTest {
    @TempDir
    static Path tmp;
    static MlflowPeer peer;
    static MlflowPeer.Server server;
    static JsonNode logged;

    private Workbench workbench;
    private Preferences node;
    private Stage stage;

    @BeforeAll
    static void startServerAndLog() throws Exception {
        peer = MlflowPeer.require();
        server = peer.requireServer("sqlite:///" + tmp.resolve("mlflow.db"), tmp.resolve("artifacts"), Map.of());
        Path dump = tmp.resolve("logged.json");
        peer.runPython(Duration.ofMinutes(5), MlflowPeer.script("log_remote_experiment.py").toString(),
                server.baseUrl().toString(), dump.toString()).requireSuccess();
        logged = new ObjectMapper().readTree(dump.toFile());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        node = Preferences.userRoot().node("dev/handoff/test/" + UUID.randomUUID());
        workbench = new Workbench(new WorkbenchPrefs(node));
        workbench.show(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx(() -> {
            workbench.close();
            return null;
        });
        node.removeNode();
    }

    private static JsonNode loggedRun(String name) {
        for (JsonNode r : logged.get("runs")) {
            if (r.get("run_name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no logged run " + name);
    }

    @Test
    void chartsAndCompareOfTwoRemoteRunsShowEveryPointAndTheDifferingParams() throws Exception {
        fx(() -> {
            workbench.showConnectDialog();
            ConnectPane pane = workbench.connectPane();
            pane.url().setText(server.baseUrl().toString());
            pane.auth().setValue(ConnectPane.AuthKind.NONE);
            ((javafx.scene.control.Button) pane.lookup("#connectButton")).fire();
            return null;
        });
        long active = 0;
        for (JsonNode r : logged.get("runs")) {
            active += r.get("lifecycle_stage").asText().equals("active") ? 1 : 0;
        }
        long expectedRuns = active;
        waitUntil(() -> workbench.runsPane().runs().size() == expectedRuns);
        assertEquals(expectedRuns, workbench.runsPane().runs().size(), "every active run of the server is listed");
        assertTrue(fx(() -> workbench.tasks().statusBar().getText()).contains(expectedRuns + " runs loaded"));

        JsonNode a = loggedRun("lr-0.1");
        JsonNode b = loggedRun("lr-0.5");
        selectRuns(a.get("run_id").asText(), b.get("run_id").asText());
        waitUntil(() -> fx(() -> workbench.runsPane().selectedRuns().size()) == 2);
        fx(() -> {
            workbench.chartsPane().checkKey("train/loss");
            return null;
        });
        waitUntil(() -> chart("train/loss") != null && chart("train/loss").getXYPlot().getDataset(0).getSeriesCount() == 2);
        JFreeChart loss = chart("train/loss");
        JsonNode histA = a.get("histories").get("train/loss");
        JsonNode histB = b.get("histories").get("train/loss");
        assertEquals(300, histA.size());
        int total = histA.size() + histB.size();
        String pts = fx(() -> workbench.chartsPane().cards().get("train/loss").points.getText());
        assertEquals(String.format("%,d of %,d pts", total, total), pts, "both runs with all their points");

        // smoothing is on by default: dataset 1 holds the raw points, exactly what the server holds
        XYDataset raw = loss.getXYPlot().getDatasetCount() > 1 ? loss.getXYPlot().getDataset(1) : loss.getXYPlot().getDataset(0);
        assertEquals(2, raw.getSeriesCount());
        List<String> keys = new ArrayList<>();
        for (int s = 0; s < raw.getSeriesCount(); s++) {
            keys.add(String.valueOf(raw.getSeriesKey(s)));
        }
        assertEquals(List.of("lr-0.1", "lr-0.5"), keys.stream().sorted().toList(), keys.toString());
        for (int s = 0; s < raw.getSeriesCount(); s++) {
            JsonNode hist = String.valueOf(raw.getSeriesKey(s)).equals("lr-0.1") ? histA : histB;
            assertEquals(hist.size(), raw.getItemCount(s), keys.get(s));
            for (int i = 0; i < hist.size(); i++) {
                assertEquals(hist.get(i).get(0).asDouble(), raw.getXValue(s, i), keys.get(s) + " step [" + i + "]");
                assertEquals(hist.get(i).get(2).asDouble(), raw.getYValue(s, i), 0.0, keys.get(s) + " value [" + i + "]");
            }
        }
        FxTesting.snapshot(stage, "remote-charts");

        fx(() -> {
            workbench.compareSelected();
            return null;
        });
        waitUntil(() -> fx(() -> workbench.comparePane().rows().stream()
                .anyMatch(r -> r.label().equals("lr"))));
        List<CompareModel.Row> rows = fx(() -> workbench.comparePane().rows());
        CompareModel.Row lr = row(rows, "lr");
        assertEquals(List.of("0.1", "0.5"), lr.values().stream().sorted().toList());
        assertTrue(lr.differs());
        assertFalse(row(rows, "optimizer").differs());
        assertFalse(row(rows, "epochs").differs());
        waitUntil(() -> fx(() -> workbench.comparePane().rows().stream()
                .anyMatch(r -> r.label().equals("train/loss (best)") && !r.values().get(0).isEmpty())));
        rows = fx(() -> workbench.comparePane().rows());
        assertTrue(row(rows, "train/loss (final)").differs(), "metrics differ too");
        // the highlighted rows on screen are exactly the differing ones that are visible
        waitUntil(() -> fx(() -> !stage.getScene().lookup("#compareTable").lookupAll(".differs").isEmpty()));
        List<String> highlighted = fx(() -> stage.getScene().lookup("#compareTable").lookupAll(".table-row-cell").stream()
                .map(n -> (TableRow<?>) n).filter(r -> r.getItem() != null && r.getStyleClass().contains("differs"))
                .map(r -> ((CompareModel.Row) r.getItem()).label()).toList());
        assertTrue(highlighted.contains("lr"), highlighted.toString());
        assertFalse(highlighted.contains("optimizer") || highlighted.contains("epochs"), highlighted.toString());
        FxTesting.snapshot(stage, "remote-compare");
    }

    @Test
    void aServerStoppedMidListingLeavesTheRunsReadVisibleWithAnErrorNamingTheUrl() throws Exception {
        MlflowPeer.Server many = peer.requireServer("sqlite:///" + tmp.resolve("many.db"), tmp.resolve("many-artifacts"), Map.of());
        try {
            Path dump = tmp.resolve("many.json");
            peer.runPython(Duration.ofMinutes(5), MlflowPeer.script("log_many_runs.py").toString(),
                    many.baseUrl().toString(), dump.toString(), "30").requireSuccess();
            JsonNode runs = new ObjectMapper().readTree(dump.toFile()).get("runs");
            assertEquals(30, runs.size());
            String base = many.baseUrl().toString();
            StopServerAfterPages source = new StopServerAfterPages(
                    new MlflowRestSource(RestConfig.of(many.baseUrl(), RestAuth.none()).withRetries(1, Duration.ofMillis(20))),
                    5, 2, many::close);
            fx(() -> {
                workbench.openSource(source);
                return null;
            });
            waitUntil(() -> !fx(this::filterError).isEmpty());
            String banner = fx(this::filterError);
            assertTrue(banner.startsWith("Stopped after 10 runs"), banner);
            assertTrue(banner.contains(base + "/api/2.0/mlflow/runs/search"), banner);
            assertFalse(many.isAlive());
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add(runs.get(i).get("run_id").asText());
            }
            List<String> shown = workbench.runsPane().runs().stream().map(Run::id).toList();
            assertEquals(expected, shown, "the two pages read stay visible, in the server's order");
            assertEquals("10 runs", fx(() -> ((javafx.scene.control.Label) stage.getScene().lookup("#runCount")).getText()));
            FxTesting.snapshot(stage, "remote-stopped-mid-listing");
        } finally {
            many.close();
        }
    }

    private static CompareModel.Row row(List<CompareModel.Row> rows, String label) {
        return rows.stream().filter(r -> r.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + label + " in " + rows.stream().map(CompareModel.Row::label).toList()));
    }

    private void selectRuns(String... ids) throws Exception {
        WorkbenchDriver.selectRuns(workbench, ids);
    }

    private JFreeChart chart(String key) throws Exception {
        return fx(() -> {
            var card = workbench.chartsPane().cards().get(key);
            return card == null || card.current == null ? null : card.current.chart();
        });
    }

    private String filterError() {
        String t = ((javafx.scene.control.Label) stage.getScene().lookup("#filterError")).getText();
        return t == null ? "" : t;
    }
}
