package dev.handoff.ui;

import dev.handoff.runs.Run;
import dev.handoff.ui.model.CompareModel;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TreeItem;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class WorkbenchTest {
    private TestWorkbench fixture;
    private Workbench workbench;
    private Stage stage;

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
    void opensSourceWithNestedRunsDetailAndProblems() throws Exception {
        openSample();
        RunsPane runs = workbench.runsPane();
        assertEquals(8, runs.runs().size());
        // the three eta children sit under the sweep parent, so the root holds 5 runs
        List<TreeItem<Run>> roots = fx(() -> List.copyOf(runs.table().getRoot().getChildren()));
        assertEquals(5, roots.size());
        TreeItem<Run> sweep = roots.stream().filter(t -> t.getValue().id().equals("b0")).findFirst().orElseThrow();
        assertEquals(List.of("b1", "b2", "b3"), sweep.getChildren().stream().map(t -> t.getValue().id()).toList());
        assertTrue(workbench.detailPane().problems().stream()
                .anyMatch(p -> p.contains("/mlruns/2/b9/metrics/val_auc line 3: truncated metric line")));

        fx(() -> {
            runs.table().getSelectionModel().select(sweep.getChildren().get(0));
            return null;
        });
        waitUntil(() -> !workbench.detailPane().problems().isEmpty()
                && fx(() -> lookupParams().getItems().size()) == 4);
        waitUntil(() -> fx(() -> lookupArtifacts() != null && lookupArtifacts().getChildren().size() == 2));
        snapshot("main-window");
    }

    @Test
    void quickFilterAndFilterExpressionWithInlineErrors(FxRobot robot) throws Exception {
        openSample();
        robot.clickOn("#quickFilter").write("xgb");
        waitUntil(() -> fx(() -> workbench.runsPane().visibleRuns().size()) == 4);
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).eraseText(1);

        robot.clickOn("#filterExpression").write("metrics.val_auc >> 3").type(KeyCode.ENTER);
        waitUntil(() -> fx(() -> lookupFilterError().contains("invalid filter clause")));
        snapshot("filter-error");

        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write("params.model = 'sgd'").type(KeyCode.ENTER);
        waitUntil(() -> workbench.runsPane().runs().size() == 2 && fx(() -> lookupFilterError().isEmpty()));
    }

    @Test
    void chartsSmoothingLogScaleAndExport(@TempDir Path dir) throws Exception {
        openSample();
        selectRuns("b1", "b2", "b3", "c0");
        checkKey("loss");
        waitUntil(() -> chart("loss") != null);
        JFreeChart loss = chart("loss");
        // default smoothing 0.6: bold smoothed dataset over a faint raw one, one legend entry per run
        assertEquals(2, loss.getXYPlot().getDatasetCount());
        assertEquals(4, loss.getXYPlot().getDataset(0).getSeriesCount());
        assertEquals(4, loss.getLegend().getSources()[0].getLegendItems().getItemCount());
        String pts = fx(() -> workbench.chartsPane().cards().get("loss").points.getText());
        assertTrue(pts.matches("[0-9,]+ of [0-9,]+ pts"), pts);
        snapshot("charts");

        fx(() -> {
            workbench.chartsPane().smoothing().setValue(0);
            return null;
        });
        waitUntil(() -> chart("loss") != loss && chart("loss").getXYPlot().getDatasetCount() == 1);

        JFreeChart linear = chart("loss");
        assertInstanceOf(NumberAxis.class, linear.getXYPlot().getRangeAxis());
        fx(() -> {
            workbench.chartsPane().logY().setSelected(true);
            return null;
        });
        waitUntil(() -> chart("loss") != linear);
        assertInstanceOf(LogAxis.class, chart("loss").getXYPlot().getRangeAxis());

        Path png = dir.resolve("loss.png");
        Path svg = dir.resolve("loss.svg");
        fx(() -> {
            workbench.exports().exportChart(png);
            workbench.exports().exportChart(svg);
            return null;
        });
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "PNG decodes");
        assertEquals(ChartsPane.CHART_WIDTH * 2, image.getWidth());
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = xml.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(Files.readString(svg).contains("xgb-eta-0.1"), "legend text in SVG");
    }

    @Test
    void compareTwoRunsAndExportCsv(FxRobot robot, @TempDir Path dir) throws Exception {
        openSample();
        selectRuns("b1", "b3");
        robot.press(KeyCode.CONTROL, KeyCode.D).release(KeyCode.D, KeyCode.CONTROL);
        waitUntil(() -> fx(() -> workbench.comparePane().rows().stream()
                .anyMatch(r -> r.section().equals("best") && !r.values().get(0).isEmpty())));
        List<CompareModel.Row> rows = fx(() -> workbench.comparePane().rows());
        CompareModel.Row eta = rows.stream().filter(r -> r.label().equals("eta")).findFirst().orElseThrow();
        assertEquals(List.of("0.03", "0.3"), eta.values());
        assertTrue(eta.differs());
        assertFalse(rows.stream().filter(r -> r.label().equals("model")).findFirst().orElseThrow().differs());
        CompareModel.Row bestLoss = rows.stream().filter(r -> r.label().equals("loss (best)")).findFirst().orElseThrow();
        double best0 = Double.parseDouble(bestLoss.values().get(0));
        double final0 = Double.parseDouble(rows.stream().filter(r -> r.label().equals("loss (final)"))
                .findFirst().orElseThrow().values().get(0));
        assertTrue(best0 <= final0, "best loss never above the final loss");
        fx(() -> {
            workbench.comparePane().chooseScatter("learning_rate", "val_auc");
            return null;
        });
        assertNotNull(fx(() -> workbench.comparePane().scatter().getChart()));
        snapshot("compare");

        Path csv = dir.resolve("compare.csv");
        fx(() -> {
            workbench.comparePane().exportCsv(csv);
            return null;
        });
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).startsWith("field,differs,xgb-eta-0.03 (b1),xgb-eta-0.3 (b3)"), lines.get(0));
        assertEquals(rows.size() + 1, lines.size());
        assertTrue(new String(Files.readAllBytes(csv), StandardCharsets.UTF_8).contains("\r\n"), "RFC 4180 CRLF");

        Path runsCsv = dir.resolve("runs.csv");
        fx(() -> {
            workbench.exports().exportRunsCsv(runsCsv);
            return null;
        });
        String text = Files.readString(runsCsv);
        assertTrue(text.contains("\"sgd-log, \"\"tuned\"\"\""), "name with comma and quotes is quoted: " + text);
        assertEquals(9, text.split("\r\n").length);
    }

    @Test
    void darkThemeSnapshot() throws Exception {
        openSample();
        selectRuns("a0", "a1", "c0");
        checkKey("loss");
        waitUntil(() -> chart("loss") != null);
        JFreeChart before = chart("loss");
        fx(() -> {
            workbench.setDark(true);
            return null;
        });
        waitUntil(() -> chart("loss") != before);
        assertTrue(fx(() -> workbench.root().getStylesheets().stream().anyMatch(s -> s.endsWith("dark.css"))));
        snapshot("dark");
    }

    @Test
    void twoThousandRunsLoadWhileTheFxThreadStaysResponsive() throws Exception {
        InMemoryRunSource big = InMemoryRunSource.generated(2000);
        CountDownLatch gate = new CountDownLatch(1);
        big.pageGate = gate;
        fx(() -> {
            workbench.openSource(big);
            return null;
        });
        // the load task is parked on its second page: the FX thread must keep serving round trips meanwhile
        waitUntil(() -> fx(() -> workbench.tasks().running().stream()
                .anyMatch(t -> String.valueOf(t.getMessage()).startsWith("Loaded"))));
        for (int i = 0; i < 20; i++) {
            int round = i;
            assertEquals(round, WaitForAsyncUtils.asyncFx(() -> round).get(5, TimeUnit.SECONDS));
        }
        assertFalse(fx(() -> workbench.tasks().running().isEmpty()), "load still running during the round trips");
        gate.countDown();
        waitUntil(() -> workbench.runsPane().runs().size() == 2000);
        assertEquals("2000 runs", fx(() -> ((javafx.scene.control.Label) stage.getScene().lookup("#runCount")).getText()));
        snapshot("two-thousand-runs");
    }

    @Test
    void aSourceFailingMidListingKeepsWhatLoadedAndSaysWhy() throws Exception {
        InMemoryRunSource big = InMemoryRunSource.generated(1200);
        big.failAfterFirstPage = "cannot connect (is the server running at http://127.0.0.1:1?)";
        fx(() -> {
            workbench.openSource(big);
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == 500);
        String banner = fx(this::lookupFilterError);
        assertTrue(banner.startsWith("Stopped after 500 runs") && banner.contains("cannot connect"), banner);
    }

    // --- helpers

    private void openSample() throws Exception {
        fx(() -> {
            workbench.openSource(InMemoryRunSource.sample());
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == 8);
    }

    private void selectRuns(String... ids) throws Exception {
        WorkbenchDriver.selectRuns(workbench, ids);
    }

    private void checkKey(String key) throws Exception {
        fx(() -> {
            workbench.chartsPane().checkKey(key);
            return null;
        });
    }

    private JFreeChart chart(String key) throws Exception {
        return fx(() -> {
            var card = workbench.chartsPane().cards().get(key);
            return card == null || card.current == null ? null : card.current.chart();
        });
    }

    @SuppressWarnings("unchecked")
    private javafx.scene.control.TableView<String[]> lookupParams() {
        return (javafx.scene.control.TableView<String[]>) stage.getScene().lookup("#paramsTable");
    }

    @SuppressWarnings("unchecked")
    private TreeItem<dev.handoff.runs.ArtifactRef> lookupArtifacts() {
        return ((javafx.scene.control.TreeView<dev.handoff.runs.ArtifactRef>) stage.getScene().lookup("#artifacts")).getRoot();
    }

    private String lookupFilterError() {
        return ((javafx.scene.control.Label) stage.getScene().lookup("#filterError")).getText();
    }




    private void snapshot(String name) throws Exception {
        FxTesting.snapshot(stage, name);
    }
}
