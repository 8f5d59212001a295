package dev.handoff.ui;

import javafx.event.ActionEvent;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.data.Range;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static dev.handoff.ui.WorkbenchDriver.chart;
import static dev.handoff.ui.WorkbenchDriver.openSample;
import static dev.handoff.ui.WorkbenchDriver.selectRuns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each chart card exports itself (PNG / SVG), Ctrl+E exports the chart last clicked, Reset zoom restores the axes. */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class ChartCardsTest {
    private static final int W = ChartsPane.CHART_WIDTH * 2;
    private static final int H = ChartsPane.CHART_HEIGHT * 2;

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
    void everyCardExportsItselfAndCtrlEExportsTheChartLastClicked(FxRobot robot, @TempDir Path dir) throws Exception {
        openSample(workbench);
        selectRuns(workbench, "b1", "b2", "c0");
        waitUntil(() -> fx(() -> workbench.chartsPane().chartKeys().size()) == 2);
        List<String> keys = fx(() -> workbench.chartsPane().chartKeys());
        String first = keys.get(0);
        String second = keys.get(1);
        JFreeChart firstChart = chart(workbench, first);
        JFreeChart secondChart = chart(workbench, second);
        assertEquals(first, firstChart.getTitle().getText());
        assertEquals(second, secondChart.getTitle().getText());

        List<FileChooser> asked = new ArrayList<>();
        List<List<String>> choices = new ArrayList<>();
        fx(() -> {
            workbench.exports().setSaveDialog(chooser -> {
                asked.add(chooser);
                return dir.resolve(chooser.getInitialFileName()).toFile();
            });
            workbench.exports().setChartChoice(k -> {
                choices.add(k);
                return second;
            });
            return null;
        });

        // Ctrl+E before any chart was clicked: the workbench asks which chart
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        waitUntil(() -> Files.exists(dir.resolve(second + ".png")));
        assertEquals(List.of(List.of(first, second)), choices, "asked which of the charts shown");
        assertSameImage(secondChart, dir.resolve(second + ".png"));

        // the second card's own Export menu, SVG
        robot.clickOn("#export-" + second);
        waitUntil(() -> fx(() -> workbench.chartsPane().cards().get(second).export.isShowing()));
        robot.clickOn("SVG…"); // the item of the menu just opened (menu items carry no node id)
        Path svg = dir.resolve(second + ".svg");
        waitUntil(() -> Files.exists(svg));
        FileChooser svgChooser = asked.get(asked.size() - 1);
        assertEquals("*.svg", svgChooser.getSelectedExtensionFilter().getExtensions().get(0), "SVG offered first");
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") || text.startsWith("<svg"), text.substring(0, 40));
        assertTrue(text.contains(">" + second + "<"), "the second chart's title is in the SVG");
        assertFalse(text.contains(">" + first + "<"), "not the first chart's title");

        // clicking a chart makes it the one Ctrl+E exports, without asking
        Files.delete(dir.resolve(second + ".png"));
        robot.clickOn(fx(() -> workbench.chartsPane().cards().get(first).viewer));
        assertTrue(fx(() -> workbench.chartsPane().cards().get(first).getStyleClass().contains("active-chart")));
        snapshot("chart-card-active");
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        waitUntil(() -> Files.exists(dir.resolve(first + ".png")));
        assertEquals(1, choices.size(), "no question once a chart was clicked");
        assertSameImage(firstChart, dir.resolve(first + ".png"));
        assertFalse(Files.exists(dir.resolve(second + ".png")));

        // the programmatic export follows the same chart
        Path api = dir.resolve("api.png");
        fx(() -> {
            workbench.exports().exportChart(api);
            return null;
        });
        assertSameImage(firstChart, api);
    }

    @Test
    void resetZoomReturnsTheAxesToTheirAutoRange(FxRobot robot) throws Exception {
        openSample(workbench);
        selectRuns(workbench, "a0", "c0");
        waitUntil(() -> fx(() -> workbench.chartsPane().chartKeys().size()) == 2);
        String key = fx(() -> workbench.chartsPane().chartKeys().get(0));
        JFreeChart chart = chart(workbench, key);
        ValueAxis x = chart.getXYPlot().getDomainAxis();
        ValueAxis y = chart.getXYPlot().getRangeAxis();
        Range autoX = fx(x::getRange);
        Range autoY = fx(y::getRange);
        assertTrue(fx(x::isAutoRange));

        // zoom by dragging a rectangle across the middle of the plot, as a user does
        var viewer = fx(() -> workbench.chartsPane().cards().get(key).viewer);
        Bounds b = fx(() -> viewer.localToScreen(viewer.getBoundsInLocal()));
        robot.drag(new Point2D(b.getMinX() + b.getWidth() * 0.35, b.getMinY() + b.getHeight() * 0.3))
                .dropTo(new Point2D(b.getMinX() + b.getWidth() * 0.6, b.getMinY() + b.getHeight() * 0.6));
        WaitForAsyncUtils.waitForFxEvents();
        Range zoomedX = fx(x::getRange);
        assertFalse(fx(x::isAutoRange), "dragging zoomed the domain axis");
        assertTrue(zoomedX.getLength() < autoX.getLength() * 0.5, zoomedX + " within " + autoX);
        assertNotEquals(autoY, fx(y::getRange));
        snapshot("chart-zoomed");

        AtomicInteger resets = new AtomicInteger();
        fx(() -> {
            workbench.chartsPane().cards().get(key).reset.addEventHandler(ActionEvent.ACTION, e -> resets.incrementAndGet());
            return null;
        });
        robot.clickOn("#reset-" + key);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, resets.get(), "the click reached the Reset zoom button");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(fx(x::isAutoRange));
        assertTrue(fx(y::isAutoRange));
        assertEquals(autoX, fx(x::getRange));
        assertEquals(autoY, fx(y::getRange));
        assertTrue(fx(() -> workbench.chartsPane().chart(key)) == chart, "same chart, not a redraw");
    }

    /** The PNG file shows exactly {@code chart} drawn at the export size. */
    private static void assertSameImage(JFreeChart chart, Path png) throws Exception {
        BufferedImage file = ImageIO.read(png.toFile());
        assertNotNull(file, png + " decodes");
        BufferedImage expected = fx(() -> chart.createBufferedImage(W, H));
        assertEquals(W, file.getWidth());
        assertEquals(H, file.getHeight());
        int differing = 0;
        for (int yy = 0; yy < H; yy++) {
            for (int xx = 0; xx < W; xx++) {
                if ((file.getRGB(xx, yy) & 0xffffff) != (expected.getRGB(xx, yy) & 0xffffff)) {
                    differing++;
                }
            }
        }
        assertEquals(0, differing, png + " is " + chart.getTitle().getText());
    }

    private void snapshot(String name) throws Exception {
        FxTesting.snapshot(stage, name);
    }
}
