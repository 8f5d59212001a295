package dev.handoff.ui.explain;

import dev.handoff.bundle.io.Digests;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.explain.ExplanationService.Kind;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunInfo;
import dev.handoff.runs.RunStatus;
import dev.handoff.ui.FxTesting;
import dev.handoff.ui.task.TaskRunner;
import javafx.scene.Scene;
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
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The review-integrity scenario: a slow TreeSHAP explanation of the XGBoost run is running when the reviewer switches
 * to the logistic-regression run's model. The XGBoost result must never be shown, and the sign-off that follows must
 * name the logistic model's digest and the method actually run on it.
 */
@Tag("fx")
@ExtendWith(ApplicationExtension.class)
class ExplainSignOffIntegrityTest {
    private static final String[] FEATURES = {"x0", "x1", "x2", "x3"};

    @TempDir
    Path dir;
    private Stage stage;
    private TaskRunner tasks;
    private ExplainPane pane;
    private ReviewStore store;
    private Run selected;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new BorderPane(), 1280, 800));
        stage.show();
    }

    @AfterEach
    void closeTasks() throws Exception {
        fx(() -> {
            tasks.close();
            return null;
        });
    }

    @Test
    void switchingModelWhileTreeShapRunsNeverShowsOrSignsTheOldResult(FxRobot robot) throws Exception {
        MutableDataset<Label> train = dataset(1500, 1);
        byte[] xgb = bytes(new XGBoostClassificationTrainer(300).train(train), "xgb");
        byte[] logistic = bytes(new LogisticRegressionTrainer().train(train), "logistic");
        Run xgbRun = run("xgb-run", "xgboost-300");
        Run logisticRun = run("logreg-run", "logreg");
        ModelRunsSource source = new ModelRunsSource(Map.of(xgbRun.id(), xgb, logisticRun.id(), logistic));
        store = new ReviewStore(dir.resolve("reviews"));
        Path csv = writeCsv(dir.resolve("test.csv"), 20_000, 2);
        fx(() -> {
            tasks = new TaskRunner(2);
            pane = new ExplainPane(tasks, () -> source, () -> selected, store);
            BorderPane root = new BorderPane(pane);
            root.setBottom(tasks.statusBar());
            stage.getScene().setRoot(root);
            pane.openCsv(csv);
            selected = xgbRun;
            pane.useSelectedRunModel();
            return null;
        });
        waitUntil(() -> fx(() -> pane.model() != null && !pane.isBusy()));
        assertEquals(Kind.TREE_SHAP, fx(() -> pane.method().getValue()));
        fx(() -> {
            pane.settings().maxRows().getValueFactory().setValue(20_000);
            pane.explain();
            return null;
        });
        assertTrue(fx(() -> pane.isBusy() && pane.settings().isDisabled()),
                "the method settings are locked while the explanation runs");

        // the reviewer switches to the logistic run while TreeSHAP of the XGBoost run is still running
        fx(() -> {
            selected = logisticRun;
            return null;
        });
        FxTesting.clickWhenEnabled(robot, "#useRunModel");
        waitUntil(() -> fx(() -> pane.model() != null && pane.model().ref().contains(logisticRun.id())
                && tasks.running().isEmpty()));
        assertNull(fx(() -> pane.shownReport() == null ? null
                : pane.shownReport().method() + " of " + pane.shownReport().modelClass()),
                "the XGBoost TreeSHAP result is never shown for the logistic model");
        assertTrue(fx(() -> pane.signOffSubject().getText()).startsWith("Nothing to sign"));
        robot.clickOn("#reviewer").write("Dana");
        robot.clickOn("#signOff"); // disabled: nothing to sign
        assertTrue(Files.notExists(store.dir()), "nothing is signed before the logistic model is explained");

        fx(() -> {
            pane.settings().maxRows().getValueFactory().setValue(50);
            pane.explain();
            return null;
        });
        waitUntil(() -> fx(() -> pane.shownReport() != null));
        assertEquals("LINEAR_SHAP", fx(() -> pane.shownReport().method()));
        FxTesting.clickWhenEnabled(robot, "#signOff");
        FxTesting.snapshot(stage, "explain-signoff-after-switch");

        String logisticRef = ModelArtifact.runRef(logisticRun.id(), ExplainPane.RUN_MODEL_ARTIFACT);
        List<ExplanationReview> saved = store.reviews(logisticRef);
        assertEquals(1, saved.size(), "one sign-off, of the logistic model");
        ExplanationReview review = saved.get(0);
        assertEquals(Digests.sha256Hex(logistic), review.modelSha256(), "it names the logistic model's bytes");
        assertEquals("LINEAR_SHAP", review.method());
        assertEquals(Digests.sha256Hex(csv), review.subject().dataSha256());
        assertEquals(50, review.subject().rows().size());
        assertEquals(List.of(), store.reviews(ModelArtifact.runRef(xgbRun.id(), ExplainPane.RUN_MODEL_ARTIFACT)));
    }

    private static Run run(String id, String name) {
        return new Run(new RunInfo(id, name, "1", "dana", RunStatus.FINISHED, 0, 1, "file:///x", LifecycleStage.ACTIVE),
                Map.of(), Map.of(), Map.of());
    }

    private byte[] bytes(Model<Label> model, String name) throws Exception {
        Path file = dir.resolve(name + ".tribuo");
        model.serializeToFile(file);
        return Files.readAllBytes(file);
    }

    private static MutableDataset<Label> dataset(int n, long seed) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            data.add(new ArrayExample<>(new Label(label(x, random)), FEATURES, x));
        }
        return data;
    }

    private static String label(double[] x, Random random) {
        return 1.5 * x[0] - 1.2 * x[1] + x[2] * x[3] + 0.2 * random.nextGaussian() > 0 ? "yes" : "no";
    }

    private static Path writeCsv(Path file, int n, long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("x0,x1,x2,x3,default\n");
        for (int i = 0; i < n; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            for (double v : x) {
                csv.append(String.format(Locale.ROOT, "%.5f", v)).append(',');
            }
            csv.append(label(x, random)).append('\n');
        }
        return Files.writeString(file, csv);
    }
}
