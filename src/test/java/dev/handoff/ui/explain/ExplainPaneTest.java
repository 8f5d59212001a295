package dev.handoff.ui.explain;

import dev.handoff.bundle.model.TribuoModelFiles;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.explain.ExplanationService.Kind;
import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.ExperimentList;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunInfo;
import dev.handoff.runs.RunPage;
import dev.handoff.runs.RunQuery;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.RunStatus;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import dev.handoff.ui.task.TaskRunner;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.handoff.ui.FxTesting;
import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives the explain view headless: synthetic data where x0 and x1 decide the label, x2 and x3 are noise. */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class ExplainPaneTest {
    private static final String[] FEATURES = {"x0", "x1", "x2", "x3"};
    private static final Pattern SUMMARY = Pattern.compile(
            "base (\\S+) \\+ Σφ (\\S+) = (\\S+) \\(model output (\\S+), residual (\\S+)\\)");

    @TempDir
    Path dir;
    private Stage stage;
    private TaskRunner tasks;
    private ExplainPane pane;
    private ReviewStore store;
    private RunSource runSource;
    private Run run;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new BorderPane(), 1280, 800));
        stage.show();
    }

    @BeforeEach
    void createPane() throws Exception {
        store = new ReviewStore(dir.resolve("reviews"));
        fx(() -> {
            tasks = new TaskRunner(2);
            pane = new ExplainPane(tasks, () -> runSource, () -> run, store);
            BorderPane root = new BorderPane(pane);
            root.setBottom(tasks.statusBar());
            stage.getScene().setRoot(root);
            return null;
        });
    }

    @AfterEach
    void closeTasks() throws Exception {
        fx(() -> {
            tasks.close();
            return null;
        });
    }

    @Test
    void treeShapWaterfallPermutationAndSignOff(FxRobot robot) throws Exception {
        Path modelDir = dir.resolve("cart");
        TribuoModelFiles.write(new CARTClassificationTrainer(5).train(dataset(400, 1)), modelDir);
        Path csv = writeCsv(dir.resolve("test.csv"), 300, 2, true);
        fx(() -> {
            pane.openModelFile(modelDir.resolve(TribuoModelFiles.MODEL_FILE));
            pane.openCsv(csv);
            return null;
        });
        waitUntil(() -> fx(() -> pane.method().getItems().size()) > 0);
        assertEquals("default", fx(() -> pane.labelColumn().getValue()));
        List<Kind> methods = fx(() -> List.copyOf(pane.method().getItems()));
        assertEquals(Kind.TREE_SHAP, methods.get(0));
        assertEquals(List.of(Kind.PERMUTATION, Kind.INTRINSIC), methods.subList(methods.size() - 2, methods.size()));

        FxTesting.clickWhenEnabled(robot, "#explain");
        waitUntil(() -> fx(() -> pane.rowTable().getItems().size()) == 200);
        assertEquals("TREE_SHAP", fx(() -> pane.shownReport().method()));

        fx(() -> {
            pane.rowTable().getSelectionModel().select(3);
            return null;
        });
        checkWaterfall();
        snapshot("explain-waterfall");
        fx(() -> {
            pane.chartTabs().getSelectionModel().select(2);
            return null;
        });
        assertEquals(4, fx(() -> pane.summaryViewer().chart().getXYPlot().getDataset().getItemCount(0)) / 200);
        snapshot("explain-summary");

        fx(() -> {
            pane.method().setValue(Kind.PERMUTATION);
            return null;
        });
        FxTesting.clickWhenEnabled(robot, "#explain");
        waitUntil(() -> fx(() -> pane.shownReport().method()).equals("PERMUTATION"));
        List<String> ranking = fx(() -> pane.shownReport().globalImportance().get(0).ranking());
        assertEquals(Set.of("x0", "x1"), Set.copyOf(ranking.subList(0, 2)), ranking.toString());
        assertEquals(4, fx(() -> pane.importanceViewer().chart().getCategoryPlot().getDataset().getColumnCount()));
        snapshot("explain-importance");

        // validation is inline and nothing is written
        FxTesting.clickWhenEnabled(robot, "#signOff");
        assertTrue(fx(() -> pane.signOffMessage().getText()).contains("reviewer's name"));
        robot.clickOn("#reviewer").write("Dana");
        robot.clickOn("#needsChanges").clickOn("#signOff");
        assertTrue(fx(() -> pane.signOffMessage().getText()).contains("comment"));
        assertTrue(Files.notExists(store.dir()) || isEmpty(store.dir()));
        snapshot("explain-signoff-error");

        robot.clickOn("#approve").clickOn("#comment").write("x0/x1 dominate as designed").clickOn("#signOff");
        String ref = "sha256:" + sha256Hex(modelDir.resolve(TribuoModelFiles.MODEL_FILE));
        List<ExplanationReview> saved = new ReviewStore(store.dir()).reviews(ref);
        assertEquals(1, saved.size());
        assertEquals(ExplanationReview.Decision.APPROVED, saved.get(0).decision());
        assertEquals("Dana", saved.get(0).reviewer());
        assertEquals("PERMUTATION", saved.get(0).method());
        ReviewSubject subject = saved.get(0).subject();
        assertEquals(sha256Hex(modelDir.resolve(TribuoModelFiles.MODEL_FILE)), subject.modelSha256());
        assertEquals(sha256Hex(csv), subject.dataSha256());
        assertEquals("test.csv", subject.dataFile());
        assertEquals(Map.of("metric", "accuracy", "repeats", "5", "seed", "42"), subject.parameters());
        assertEquals(1, fx(() -> pane.previousSignOffs().getItems().size()));
        assertTrue(fx(() -> pane.previousSignOffs().getItems().get(0)).contains("APPROVED by Dana"));
        snapshot("explain-signed");
    }

    @Test
    void runModelWithLinearShapAndMissingColumnError() throws Exception {
        Model<Label> logistic = new LogisticRegressionTrainer().train(dataset(400, 3));
        Path modelDir = dir.resolve("logistic");
        TribuoModelFiles.write(logistic, modelDir);
        byte[] bytes = Files.readAllBytes(modelDir.resolve(TribuoModelFiles.MODEL_FILE));
        run = new Run(new RunInfo("r1", "logreg", "1", "dana", RunStatus.FINISHED, 0, 1, "file:///x", LifecycleStage.ACTIVE),
                Map.of(), Map.of(), Map.of());
        runSource = new ModelRunsSource(Map.of("r1", bytes));

        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(project.resolve("mlruns"));
        Path test = writeCsv(Files.createDirectories(project.resolve("data")).resolve("test.csv"), 120, 4, true);
        fx(() -> {
            pane.setStoreLocation(project.resolve("mlruns").toString());
            pane.useSelectedRunModel();
            return null;
        });
        assertEquals(test.toAbsolutePath().normalize(), fx(() -> pane.csv()));
        waitUntil(() -> fx(() -> pane.method().getItems().size()) > 0);
        assertEquals(Kind.LINEAR_SHAP, fx(() -> pane.method().getValue()));
        fx(() -> {
            pane.explain();
            return null;
        });
        waitUntil(() -> fx(() -> pane.rowTable().getItems().size()) == 120);
        assertTrue(fx(() -> pane.rowTable().getItems().stream().allMatch(r -> r.probability() >= 0 && r.probability() <= 1)));
        fx(() -> {
            pane.rowTable().getSelectionModel().select(0);
            return null;
        });
        checkWaterfall();
        snapshot("explain-linear-waterfall");

        Path lacking = writeCsv(dir.resolve("lacking.csv"), 20, 5, false);
        fx(() -> {
            pane.openCsv(lacking);
            pane.explain();
            return null;
        });
        waitUntil(() -> fx(() -> pane.error().isVisible()));
        String message = fx(() -> pane.error().getText());
        assertTrue(message.contains("lacking.csv") && message.contains("missing column") && message.contains("x3"), message);
        snapshot("explain-missing-column");
    }

    /** The waterfall label adds up and its residual is at most 1e-6. */
    private void checkWaterfall() throws Exception {
        waitUntil(() -> SUMMARY.matcher(fx(() -> pane.waterfallSummary().getText())).find());
        String text = fx(() -> pane.waterfallSummary().getText());
        Matcher m = SUMMARY.matcher(text);
        assertTrue(m.find(), text);
        double base = Double.parseDouble(m.group(1));
        double sum = Double.parseDouble(m.group(2));
        double output = Double.parseDouble(m.group(4));
        assertTrue(Math.abs(base + sum - output) < 0.011, text);
        assertTrue(Double.parseDouble(m.group(5)) <= 1e-6, text);
    }

    // ---- fixtures

    private static MutableDataset<Label> dataset(int n, long seed) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            double[] x = row(random);
            data.add(new ArrayExample<>(new Label(label(x, random)), FEATURES, x));
        }
        return data;
    }

    private static double[] row(Random random) {
        return new double[]{random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
    }

    private static String label(double[] x, Random random) {
        return 1.5 * x[0] - 1.2 * x[1] + 0.2 * random.nextGaussian() > 0 ? "yes" : "no";
    }

    /** Rows with an id column the model does not use; {@code allFeatures=false} drops x3. */
    private static Path writeCsv(Path file, int n, long seed, boolean allFeatures) throws IOException {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder(allFeatures ? "id,x0,x1,x2,x3,default\n" : "id,x0,x1,x2,default\n");
        for (int i = 0; i < n; i++) {
            double[] x = row(random);
            csv.append("row-").append(i);
            for (int c = 0; c < (allFeatures ? 4 : 3); c++) {
                csv.append(',').append(String.format(Locale.ROOT, "%.5f", x[c]));
            }
            csv.append(',').append(label(x, random)).append('\n');
        }
        return Files.writeString(file, csv);
    }

    /** A store whose only content is one run's model artifact. */
    // ---- helpers

    private static boolean isEmpty(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.findAny().isEmpty();
        }
    }

    private static String sha256Hex(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }




    private void snapshot(String name) throws Exception {
        FxTesting.snapshot(stage, name);
    }
}
