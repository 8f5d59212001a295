package dev.handoff.ui.explain;

import dev.handoff.bundle.cohorts.CohortAnalysis;
import dev.handoff.bundle.model.TribuoModelFiles;
import dev.handoff.ui.FxTesting;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Explain view's Cohorts tab on a logistic model and a CSV whose labels are flipped where income &lt; 40 and
 * group = 'B' (a text column the model does not use): the error tree's worst cohort is that one.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class ExplainCohortsPaneTest extends ExplainPaneFixture {
    static final String[] FEATURES = ExplainReasonsPaneTest.FEATURES;

    @Test
    void theCohortsTabShowsThePlantedWorstCohortAndTheReviewersOwn(FxRobot robot) throws Exception {
        MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("t", new LabelFactory()),
                new LabelFactory());
        Random r = new Random(11);
        for (int i = 0; i < 800; i++) {
            double[] v = ExplainReasonsPaneTest.applicant(r);
            ArrayExample<Label> e = new ArrayExample<>(new Label(ExplainReasonsPaneTest.label(v, r)));
            for (int c = 0; c < FEATURES.length; c++) {
                e.add(FEATURES[c], v[c]);
            }
            train.add(e);
        }
        Path modelDir = dir.resolve("model");
        TribuoModelFiles.write(new LogisticRegressionTrainer().train(train), modelDir);
        Path data = Files.createDirectories(dir.resolve("project/data"));
        StringBuilder csv = new StringBuilder(String.join(",", FEATURES) + ",group,default\n");
        for (int i = 0; i < 1200; i++) {
            double[] v = ExplainReasonsPaneTest.applicant(r);
            String group = List.of("A", "B", "C").get(r.nextInt(3));
            String label = ExplainReasonsPaneTest.label(v, r);
            if (v[2] < 40 && group.equals("B") && r.nextDouble() < 0.8) {
                label = label.equals("yes") ? "no" : "yes"; // the planted cohort: the truth disagrees with the model
            }
            for (double x : v) {
                csv.append(x).append(',');
            }
            csv.append(group).append(',').append(label).append('\n');
        }
        Files.writeString(data.resolve("test.csv"), csv);
        fx(() -> {
            pane.openModelFile(modelDir.resolve(TribuoModelFiles.MODEL_FILE));
            pane.openCsv(data.resolve("test.csv"));
            return null;
        });
        waitUntil(() -> fx(() -> pane.method().getItems().size()) > 0 && fx(() -> pane.labelColumn().getValue()) != null);
        robot.clickOn("#explain");
        waitUntil(() -> fx(() -> pane.cohorts().shown()) != null);
        CohortAnalysis analysis = fx(() -> pane.cohorts().shown());
        String worst = analysis.worst().get(0).filter();
        assertTrue(worst.contains("group = 'B'") && worst.contains("income < "), worst);
        assertTrue(analysis.worst().get(0).errorRate().value() > 0.5, analysis.worst().get(0).toString());

        fx(() -> {
            pane.chartTabs().getTabs().stream().filter(t -> t.getText().equals("Cohorts")).findFirst()
                    .ifPresent(t -> pane.chartTabs().getSelectionModel().select(t));
            return null;
        });
        assertEquals("Cohorts", fx(() -> pane.chartTabs().getSelectionModel().getSelectedItem().getText()));
        // a filter naming an unknown column is refused, naming it
        robot.clickOn("#cohortFilter").write("incme < 40");
        robot.clickOn("#addCohort");
        waitUntil(() -> fx(() -> pane.cohorts().status().getText()).contains("unknown column 'incme'"));
        fx(() -> {
            pane.cohorts().filter().setText("income < 40 and group = 'B'");
            return null;
        });
        robot.clickOn("#addCohort");
        waitUntil(() -> fx(() -> pane.cohorts().table().getItems().stream()
                .anyMatch(x -> x.kind() == CohortTable.Kind.DEFINED)));
        CohortTable.Row defined = fx(() -> pane.cohorts().table().getItems().stream()
                .filter(x -> x.kind() == CohortTable.Kind.DEFINED).findFirst().orElseThrow());
        assertEquals("income < 40 and group = 'B'", defined.stats().filter());
        assertTrue(defined.worse(), CohortTable.text(defined));
        assertEquals("", fx(() -> pane.cohorts().filter().getText()));
        assertTrue(fx(() -> pane.cohorts().tree().getRoot().getChildren().size()) == 2);
        FxTesting.snapshot(stage, "explain-cohorts");
    }
}
