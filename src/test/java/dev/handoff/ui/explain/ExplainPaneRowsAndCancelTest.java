package dev.handoff.ui.explain;

import dev.handoff.bundle.model.TribuoModelFiles;
import dev.handoff.explain.ExplanationService.Kind;
import dev.handoff.ui.FxTesting;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.tribuo.MutableDataset;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explain view's row picker search and cancelling a running explanation, driven headless. */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class ExplainPaneRowsAndCancelTest extends ExplainPaneFixture {

    @Test
    void rowSearchFiltersThePickerByIndexPredictionAndTruth(FxRobot robot) throws Exception {
        Path modelDir = dir.resolve("cart");
        TribuoModelFiles.write(new CARTClassificationTrainer(4).train(dataset(4, 400, 1)), modelDir);
        Path csv = writeCsv(dir.resolve("test.csv"), 4, 200, 2);
        fx(() -> {
            pane.openModelFile(modelDir.resolve(TribuoModelFiles.MODEL_FILE));
            pane.openCsv(csv);
            return null;
        });
        waitUntil(() -> fx(() -> pane.method().getItems().size()) > 0);
        robot.clickOn("#explain");
        waitUntil(() -> fx(() -> pane.rowTable().getItems().size()) == 200);
        assertEquals("200 of 200 rows (misclassified in red)", fx(() -> rowCount().getText()));

        // by index: 17, 117 and 170..179 contain "17"
        robot.clickOn("#rowSearch").write("17");
        waitUntil(() -> fx(() -> pane.rowTable().getItems().size()) == 12);
        List<Integer> shown = fx(() -> pane.rowTable().getItems().stream().map(RowItem::row).sorted().toList());
        List<Integer> expected = IntStream.range(0, 200).filter(i -> Integer.toString(i).contains("17")).boxed().toList();
        assertEquals(expected, shown);
        assertEquals("12 of 200 rows (misclassified in red)", fx(() -> rowCount().getText()));

        // picking a filtered row shows that row's waterfall
        fx(() -> {
            int at = pane.rowTable().getItems().stream().map(RowItem::row).toList().indexOf(117);
            pane.rowTable().getSelectionModel().select(at);
            return null;
        });
        waitUntil(() -> fx(() -> pane.waterfallViewer().chart()) != null
                && fx(() -> pane.waterfallViewer().chart().getTitle().getText()).startsWith("Row 117:"));

        // by truth or prediction, case-insensitive: every shown row has "YES" in one of them, none is missed
        robot.doubleClickOn("#rowSearch").eraseText(2).write("YES");
        List<RowItem> all = fx(() -> List.copyOf(pane.allRowItems()));
        long withYes = all.stream().filter(r -> r.predicted().equals("yes") || "yes".equals(r.actual())).count();
        assertTrue(withYes > 20 && withYes < 200, "both classes occur: " + withYes);
        waitUntil(() -> fx(() -> pane.rowTable().getItems().size()) == withYes);
        assertTrue(fx(() -> pane.rowTable().getItems().stream()
                .allMatch(r -> r.predicted().equals("yes") || "yes".equals(r.actual()))));

        // nothing matches: an empty table that says why
        robot.eraseText(3).write("zzz");
        waitUntil(() -> fx(() -> pane.rowTable().getItems().isEmpty()));
        assertEquals("No row matches 'zzz'", fx(() -> ((Label) pane.rowTable().getPlaceholder()).getText()));
        FxTesting.snapshot(stage, "explain-row-search-empty");

        robot.eraseText(3);
        waitUntil(() -> fx(() -> pane.rowTable().getItems().size()) == 200);
        FxTesting.snapshot(stage, "explain-row-search-cleared");
    }

    @Test
    void cancellingASlowKernelShapStopsTheWorkAndLeavesThePaneUsable(FxRobot robot) throws Exception {
        // 16 features: 2^16 − 2 coalitions, all evaluated against 20 background rows for each explained row
        int features = 16;
        Path modelDir = dir.resolve("logistic");
        TribuoModelFiles.write(new LogisticRegressionTrainer().train(dataset(features, 400, 3)), modelDir);
        Path csv = writeCsv(dir.resolve("wide.csv"), features, 300, 4);
        fx(() -> {
            pane.openModelFile(modelDir.resolve(TribuoModelFiles.MODEL_FILE));
            pane.openCsv(csv);
            return null;
        });
        waitUntil(() -> fx(() -> pane.method().getItems().contains(Kind.KERNEL_SHAP)));
        fx(() -> {
            pane.method().setValue(Kind.KERNEL_SHAP);
            spinner("Samples").getValueFactory().setValue(100_000);
            spinner("Rows").getValueFactory().setValue(300);
            return null;
        });
        robot.clickOn("#explain");
        waitUntil(() -> !explainThreads().isEmpty());
        assertTrue(fx(() -> button("#explain").isDisabled()), "explain is disabled while running");
        assertFalse(fx(() -> button("#cancelTasks").isDisabled()));
        Thread.sleep(500);
        assertFalse(explainThreads().isEmpty(), "still explaining after 0.5 s: the job is slow enough to cancel");
        FxTesting.snapshot(stage, "explain-kernelshap-running");

        robot.clickOn("#cancelTasks");
        // the worker thread leaves the explain code (it does not keep computing in the background)
        waitUntil(() -> explainThreads().isEmpty());
        assertTrue(explainThreads().isEmpty(), "worker still in explain code: " + explainThreads());
        waitUntil(() -> fx(() -> tasks.running().isEmpty()));
        assertEquals("Explaining with KERNEL_SHAP cancelled", fx(() -> tasks.statusBar().getText()));
        assertFalse(fx(() -> pane.error().isVisible()), "a cancellation is not an error");
        assertTrue(fx(() -> pane.rowTable().getItems().isEmpty()), "no partial result is shown");
        assertFalse(fx(() -> button("#explain").isDisabled()), "explain is enabled again");
        assertTrue(fx(() -> button("#cancelTasks").isDisabled()));
        FxTesting.snapshot(stage, "explain-kernelshap-cancelled");

        // still usable: a fast exact method on the same model runs to the end
        fx(() -> {
            pane.method().setValue(Kind.LINEAR_SHAP);
            spinner("Rows").getValueFactory().setValue(50);
            return null;
        });
        robot.clickOn("#explain");
        waitUntil(() -> fx(() -> pane.rowTable().getItems().size()) == 50);
        assertEquals("LINEAR_SHAP", fx(() -> pane.shownReport().method()));
        // (the status line has moved on to the cohort analysis that follows a classifier's explanation)
        waitUntil(() -> fx(() -> tasks.running().isEmpty()));
        assertFalse(fx(() -> pane.error().isVisible()), "the explanation after the cancelled one succeeded");
        FxTesting.snapshot(stage, "explain-after-cancel");
    }

    @Test
    void aRegressionTreeIsExplainedOnItsPredictedValue(FxRobot robot) throws Exception {
        // price = 3·x0 − 2·x1 + noise; the CSV's label column holds the true price
        Random random = new Random(9);
        StringBuilder csv = new StringBuilder("x0,x1,x2,price\n");
        org.tribuo.regression.RegressionFactory factory = new org.tribuo.regression.RegressionFactory();
        MutableDataset<org.tribuo.regression.Regressor> train = new MutableDataset<>(
                new SimpleDataSourceProvenance("synthetic-regression", factory), factory);
        for (int i = 0; i < 300; i++) {
            double[] x = random.doubles(3).map(v -> v * 2 - 1).toArray();
            double price = 3 * x[0] - 2 * x[1] + 0.05 * random.nextGaussian();
            train.add(new ArrayExample<>(new org.tribuo.regression.Regressor("price", price),
                    new String[] {"x0", "x1", "x2"}, x));
            csv.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f,%.5f%n", x[0], x[1], x[2], price));
        }
        Path modelDir = dir.resolve("rtree");
        TribuoModelFiles.write(new org.tribuo.regression.rtree.CARTRegressionTrainer(5).train(train), modelDir);
        Path file = Files.writeString(dir.resolve("prices.csv"), csv);
        fx(() -> {
            pane.openModelFile(modelDir.resolve(TribuoModelFiles.MODEL_FILE));
            pane.openCsv(file);
            pane.labelColumn().setValue("price");
            return null;
        });
        waitUntil(() -> fx(() -> pane.method().getItems().size()) > 0);
        assertEquals(List.of(Kind.TREE_SHAP, Kind.KERNEL_SHAP, Kind.PERMUTATION, Kind.INTRINSIC),
                fx(() -> List.copyOf(pane.method().getItems())), "no LIME for a regressor");
        assertFalse(fx(() -> pane.error().isVisible()), fx(() -> pane.error().getText()));
        robot.clickOn("#explain");
        waitUntil(() -> fx(() -> pane.rowTable().getItems().size()) == 200);
        assertEquals("TREE_SHAP", fx(() -> pane.shownReport().method()));
        assertEquals("predicted value", fx(() -> pane.shownReport().outputSpace()));
        assertEquals("price", fx(() -> pane.shownReport().explainedOutput()));
        assertTrue(fx(() -> pane.rowTable().getItems().stream().noneMatch(RowItem::misclassified)),
                "regression rows are never 'misclassified'");
        assertTrue(fx(() -> pane.rowTable().getItems().stream().allMatch(r -> Double.isNaN(r.probability()))));
        fx(() -> {
            pane.rowTable().getSelectionModel().select(0);
            return null;
        });
        waitUntil(() -> fx(() -> pane.waterfallViewer().chart()) != null);
        String title = fx(() -> pane.waterfallViewer().chart().getTitle().getText());
        assertTrue(title.contains("for output 'price' (predicted value)"), title);
        double residual = fx(() -> pane.shownReport().maxAdditivityResidual());
        assertTrue(residual < 1e-6, "base + sum = prediction: " + residual);
        FxTesting.snapshot(stage, "explain-regression-waterfall");
    }

    // ---- helpers

    private Label rowCount() {
        return (Label) stage.getScene().lookup("#rowCount");
    }

    private Button button(String id) {
        return (Button) stage.getScene().lookup(id);
    }

    /** The parameter spinner that follows the label {@code text} in the controls. */
    @SuppressWarnings("unchecked")
    private Spinner<Integer> spinner(String text) {
        for (Node n : stage.getScene().getRoot().lookupAll(".spinner")) {
            Node previous = previousSibling(n);
            if (previous instanceof Label l && l.getText().equals(text)) {
                return (Spinner<Integer>) n;
            }
        }
        throw new AssertionError("no spinner labelled " + text);
    }

    private static Node previousSibling(Node n) {
        List<Node> siblings = n.getParent().getChildrenUnmodifiable();
        int i = siblings.indexOf(n);
        return i > 0 ? siblings.get(i - 1) : null;
    }

    /** Task-runner worker threads currently inside the explain package. */
    private static List<String> explainThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("handoff-worker-"))
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("dev.handoff.explain.")))
                .map(e -> e.getKey().getName())
                .toList();
    }

    private static MutableDataset<org.tribuo.classification.Label> dataset(int features, int n, long seed) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<org.tribuo.classification.Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
        Random random = new Random(seed);
        String[] names = IntStream.range(0, features).mapToObj(i -> "x" + i).toArray(String[]::new);
        for (int i = 0; i < n; i++) {
            double[] x = random.doubles(features).map(v -> v * 2 - 1).toArray();
            data.add(new ArrayExample<>(new org.tribuo.classification.Label(label(x, random)), names, x));
        }
        return data;
    }

    private static String label(double[] x, Random random) {
        return 1.5 * x[0] - 1.2 * x[1] + 0.2 * random.nextGaussian() > 0 ? "yes" : "no";
    }

    private static Path writeCsv(Path file, int features, int n, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < features; c++) {
            csv.append('x').append(c).append(',');
        }
        csv.append("default\n");
        for (int i = 0; i < n; i++) {
            double[] x = random.doubles(features).map(v -> v * 2 - 1).toArray();
            for (double v : x) {
                csv.append(String.format(Locale.ROOT, "%.5f", v)).append(',');
            }
            csv.append(label(x, random)).append('\n');
        }
        return Files.writeString(file, csv);
    }
}
