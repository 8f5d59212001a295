package dev.handoff.ui.explain;

import dev.handoff.bundle.model.TribuoModelFiles;
import dev.handoff.explain.MonotonicityCheck;
import dev.handoff.ui.FxTesting;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.title.TextTitle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Explain view's Dependence tab on an intentionally non-monotone CART: risk rises with 1-3 late payments and
 * falls again after, while the reason-code table declares it increasing; the check flags it with its rows.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class ExplainDependencePaneTest extends ExplainPaneFixture {
    static final String[] FEATURES = {"debt", "late", "income"};
    static final String CODES = """
            adverse_class: "yes"
            features:
              debt: {code: R01, reason: Debt is high, monotone: increasing}
              late: {code: R02, reason: Late payments, monotone: increasing}
              income: {code: R03, reason: Income is low}
            """;

    static double[] applicant(Random r) {
        return new double[]{Math.round(r.nextDouble() * 100) / 100.0, r.nextInt(7), 20 + r.nextInt(80)};
    }

    /** Non-monotone in late payments (a hump at 1-3), monotone in debt, whose effect grows with low income. */
    static String label(double[] v) {
        boolean hump = v[1] >= 1 && v[1] <= 3;
        boolean debt = v[0] > (v[2] < 60 ? 0.4 : 0.8);
        return hump || debt ? "yes" : "no";
    }

    @Test
    void theDependenceTabFlagsTheNonMonotoneFeatureWithItsRows(FxRobot robot) throws Exception {
        MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("t", new LabelFactory()),
                new LabelFactory());
        Random r = new Random(3);
        for (int i = 0; i < 600; i++) {
            double[] v = applicant(r);
            ArrayExample<Label> e = new ArrayExample<>(new Label(label(v)));
            for (int c = 0; c < FEATURES.length; c++) {
                e.add(FEATURES[c], v[c]);
            }
            train.add(e);
        }
        Path modelDir = dir.resolve("model");
        TribuoModelFiles.write(new CARTClassificationTrainer(6).train(train), modelDir);
        Path data = Files.createDirectories(dir.resolve("project/data"));
        StringBuilder csv = new StringBuilder(String.join(",", FEATURES) + ",default\n");
        for (int i = 0; i < 80; i++) {
            double[] v = applicant(r);
            for (double x : v) {
                csv.append(x).append(',');
            }
            csv.append(label(v)).append('\n');
        }
        Files.writeString(data.resolve("test.csv"), csv);
        Files.writeString(dir.resolve("project/reason-codes.yml"), CODES);
        fx(() -> {
            pane.openModelFile(modelDir.resolve(TribuoModelFiles.MODEL_FILE));
            pane.openCsv(data.resolve("test.csv"));
            return null;
        });
        waitUntil(() -> fx(() -> pane.method().getItems().size()) > 0 && fx(() -> pane.labelColumn().getValue()) != null);
        robot.clickOn("#explain");
        waitUntil(() -> fx(() -> pane.rowTable().getItems().size()) == 80);

        fx(() -> {
            for (Node n : stage.getScene().getRoot().lookupAll(".tab-pane")) {
                for (Tab t : ((TabPane) n).getTabs()) {
                    if (t.getText().equals("Dependence")) {
                        t.getTabPane().getSelectionModel().select(t);
                    }
                }
            }
            return null;
        });
        @SuppressWarnings("unchecked")
        ListView<MonotonicityCheck.FeatureResult> verdicts = robot.lookup("#monotonicityList").queryAs(ListView.class);
        waitUntil(() -> fx(() -> verdicts.getItems().size()) == 2);
        MonotonicityCheck.FeatureResult late = fx(() -> verdicts.getItems().stream()
                .filter(f -> f.feature().equals("late")).findFirst().orElseThrow());
        assertEquals(MonotonicityCheck.Verdict.VIOLATED, late.verdict(), late.summary());
        assertTrue(late.iceViolationCount() > 0 && !late.violatingRows().isEmpty(), late.summary());
        assertEquals(MonotonicityCheck.Verdict.HOLDS, fx(() -> verdicts.getItems().stream()
                .filter(f -> f.feature().equals("debt")).findFirst().orElseThrow().verdict()));
        String status = robot.lookup("#monotonicityStatus").queryLabeled().getText();
        assertTrue(status.contains("Violated: late") && status.contains("HW.2"), status);

        @SuppressWarnings("unchecked")
        ComboBox<String> chooser = robot.lookup("#dependenceFeature").queryAs(ComboBox.class);
        fx(() -> {
            chooser.setValue("late");
            return null;
        });
        JFreeChart chart = fx(() -> ((ChartSlot) robot.lookup("#dependenceChart").query()).chart());
        assertTrue(chart.getTitle().getText().startsWith("Dependence of late over 80 rows"), chart.getTitle().getText());
        String sub = ((TextTitle) chart.getSubtitle(0)).getText();
        assertTrue(sub.contains("declared increasing, " + late.violatingRows().size() + " rows against it ringed"), sub);
        fx(() -> {
            chooser.setValue("debt");
            return null;
        });
        String interaction = robot.lookup("#dependenceInteraction").queryLabeled().getText();
        // debt's effect depends on both others (the hump in late overrides it, low income lowers its threshold)
        assertTrue(interaction.equals("coloured by income (strongest interaction)")
                || interaction.equals("coloured by late (strongest interaction)"), interaction);
        fx(() -> {
            chooser.setValue("late");
            return null;
        });
        FxTesting.snapshot(stage, "explain-dependence");
    }
}
