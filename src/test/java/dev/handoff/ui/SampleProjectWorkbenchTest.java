package dev.handoff.ui;

import dev.handoff.runs.Run;
import dev.handoff.ui.model.CompareModel;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.TreeItem;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A new user's first session on the bundled sample project, on the real MLflow file store: the workbench finds the
 * sample with no configuration, shows every run, overlays the validation loss of all runs across epochs and rounds,
 * compares two runs' params and exports the chart.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class SampleProjectWorkbenchTest {
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
    void firstSessionOnTheSampleProject(FxRobot robot, @TempDir Path dir) throws Exception {
        Path repo = Path.of(System.getProperty("handoff.repo", "."));
        String location = StoreLocator.locate(List.of(), null, null, repo, null).orElseThrow();
        assertTrue(location.endsWith("sample-projects/credit-risk"), location);
        fx(() -> {
            workbench.open(location);
            return null;
        });
        waitUntil(() -> workbench.runsPane().runs().size() == 10);

        fx(() -> {
            workbench.runsPane().table().getSelectionModel().selectAll();
            return null;
        });
        waitUntil(() -> chart("val_loss") != null && chart("val_loss").getXYPlot().getDataset(0).getSeriesCount() == 9);
        JFreeChart loss = chart("val_loss");
        assertEquals(9, loss.getLegend().getSources()[0].getLegendItems().getItemCount(),
                "every run with a validation loss is overlaid (the sweep parent has none)");
        double maxStep = loss.getXYPlot().getDataset(0).getXValue(0, loss.getXYPlot().getDataset(0).getItemCount(0) - 1);
        for (int s = 1; s < 9; s++) {
            int n = loss.getXYPlot().getDataset(0).getItemCount(s);
            maxStep = Math.max(maxStep, loss.getXYPlot().getDataset(0).getXValue(s, n - 1));
        }
        assertTrue(maxStep >= 39, "epochs / rounds on the x axis, up to " + maxStep);
        snapshot("sample-project");

        Path png = dir.resolve("val_loss.png");
        fx(() -> {
            workbench.exports().exportChart(png);
            return null;
        });
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "exported PNG decodes");

        fx(() -> {
            var table = workbench.runsPane().table();
            table.getSelectionModel().clearSelection();
            for (int i = 0; i < table.getExpandedItemCount(); i++) {
                TreeItem<Run> item = table.getTreeItem(i);
                String name = item.getValue().displayName();
                if (name.equals("logreg-adagrad-lr0.01") || name.equals("logreg-adagrad-lr0.3")) {
                    table.getSelectionModel().select(i);
                }
            }
            return null;
        });
        robot.press(KeyCode.CONTROL, KeyCode.D).release(KeyCode.D, KeyCode.CONTROL);
        waitUntil(() -> fx(() -> workbench.comparePane().rows().stream().anyMatch(r -> r.label().equals("learning_rate"))));
        List<CompareModel.Row> rows = fx(() -> workbench.comparePane().rows());
        CompareModel.Row lr = rows.stream().filter(r -> r.label().equals("learning_rate")).findFirst().orElseThrow();
        assertTrue(lr.differs());
        assertEquals(2, lr.values().size());
        assertTrue(lr.values().contains("0.01") && lr.values().contains("0.3"), lr.values().toString());
        JFreeChart parallel = fx(() -> workbench.comparePane().parallel().getChart());
        assertEquals(2, parallel.getXYPlot().getDataset().getSeriesCount(), "one line per compared run");
        assertTrue(parallel.getTitle().getText().contains("learning_rate"), parallel.getTitle().getText());
        snapshot("sample-compare");
    }

    private JFreeChart chart(String key) throws Exception {
        return fx(() -> {
            var card = workbench.chartsPane().cards().get(key);
            return card == null || card.current == null ? null : card.current.chart();
        });
    }




    private void snapshot(String name) throws Exception {
        FxTesting.snapshot(stage, name);
    }
}
