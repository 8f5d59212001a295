package dev.handoff.ui.explain;

import dev.handoff.bundle.model.TribuoModelFiles;
import dev.handoff.explain.Counterfactuals;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.PrincipalReasons;
import dev.handoff.explain.TribuoFunctions;
import dev.handoff.ui.FxTesting;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Explain view's principal reasons beside the waterfall and its counterfactual panel, on a logistic model. */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class ExplainReasonsPaneTest extends ExplainPaneFixture {
    static final String[] FEATURES = {"debt", "late", "income", "age", "noise"};
    static final String CODES = """
            adverse_class: "yes"
            features:
              debt:
                code: R01
                reason: Debt is high compared with income
              late:
                code: R02
                reason: Late payments in the last 24 months
              income:
                code: R03
                reason: Income is insufficient for the credit requested
              age:
                code: R90
                reason: Age of applicant
                immutable: true
            """;

    static double[] applicant(Random r) {
        return new double[]{Math.round(r.nextDouble() * 100) / 100.0, r.nextInt(6), 20 + r.nextInt(80),
                21 + r.nextInt(50), Math.round(r.nextGaussian() * 1000) / 1000.0};
    }

    static String label(double[] v, Random r) {
        double logit = -1 + 4 * (v[0] - 0.5) + 0.8 * (v[1] - 2) - 0.05 * (v[2] - 60);
        return r.nextDouble() < 1 / (1 + Math.exp(-logit)) ? "yes" : "no";
    }

    @Test
    void reasonsBesideTheWaterfallAndVerifiedCounterfactuals(FxRobot robot) throws Exception {
        MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("t", new LabelFactory()),
                new LabelFactory());
        Random r = new Random(5);
        for (int i = 0; i < 800; i++) {
            double[] v = applicant(r);
            ArrayExample<Label> e = new ArrayExample<>(new Label(label(v, r)));
            for (int c = 0; c < FEATURES.length; c++) {
                e.add(FEATURES[c], v[c]);
            }
            train.add(e);
        }
        Path modelDir = dir.resolve("model");
        TribuoModelFiles.write(new LogisticRegressionTrainer().train(train), modelDir);
        Path data = Files.createDirectories(dir.resolve("project/data"));
        StringBuilder csv = new StringBuilder(String.join(",", FEATURES) + ",default\n");
        for (int i = 0; i < 120; i++) {
            double[] v = applicant(r);
            for (double x : v) {
                csv.append(x).append(',');
            }
            csv.append(label(v, r)).append('\n');
        }
        Files.writeString(data.resolve("test.csv"), csv);
        Files.writeString(dir.resolve("project/reason-codes.yml"), CODES); // the CSV folder's parent: the project
        fx(() -> {
            pane.openModelFile(modelDir.resolve(TribuoModelFiles.MODEL_FILE));
            pane.openCsv(data.resolve("test.csv"));
            return null;
        });
        waitUntil(() -> fx(() -> pane.method().getItems().size()) > 0 && fx(() -> pane.labelColumn().getValue()) != null);
        robot.clickOn("#explain");
        waitUntil(() -> fx(() -> pane.rowTable().getItems().size()) == 120);

        ExplainResult shown = fx(() -> pane.shown());
        PrincipalReasons.Report reasons = shown.decisions().reasons();
        assertNotNull(reasons);
        assertEquals("yes", reasons.adverseClass());
        assertTrue(shown.subject().parameters().get("reasons.codesSha256").equals(reasons.reasonCodesSha256()),
                "the sign-off subject names the reason-code table: " + shown.subject().parameters());
        assertTrue(fx(() -> pane.signOffSubject().getText()).contains("reasons.codesSha256 = "
                + reasons.reasonCodesSha256()));

        // pick a declined row whose reasons include the unmapped 'noise' if there is one, else the first declined
        PrincipalReasons.RowReasons declined = reasons.rows().stream()
                .filter(x -> x.reasons().stream().anyMatch(y -> !y.mapped())).findFirst()
                .orElse(reasons.rows().get(0));
        int index = fx(() -> {
            for (int i = 0; i < pane.rowTable().getItems().size(); i++) {
                if (pane.rowTable().getItems().get(i).row() == declined.row()) {
                    return i;
                }
            }
            return -1;
        });
        fx(() -> {
            pane.rowTable().getSelectionModel().select(index);
            pane.rowTable().scrollTo(index);
            return null;
        });
        waitUntil(() -> fx(() -> pane.reasons().list().getItems().size()) == declined.reasons().size());
        ExplanationReport.RowExplanation row = shown.report().rows().stream().filter(x -> x.row() == declined.row())
                .findFirst().orElseThrow();
        List<String> ranked = row.features().stream().filter(f -> f.attribution() > 0)
                .sorted((a, b) -> Double.compare(b.attribution(), a.attribution()))
                .map(ExplanationReport.FeatureAttribution::name).limit(4).toList();
        assertEquals(ranked, fx(() -> pane.reasons().list().getItems().stream()
                .map(PrincipalReasons.Reason::feature).toList()));
        assertTrue(fx(() -> pane.reasons().decision().getText()).startsWith("Row " + declined.row() + ": adverse"));
        String first = fx(() -> ReasonsList.text(pane.reasons().list().getItems().get(0)));
        assertTrue(first.startsWith("1. "), first);
        FxTesting.snapshot(stage, "explain-reasons");

        fx(() -> {
            pane.counterfactuals().findButton().fire();
            return null;
        });
        waitUntil(() -> !fx(() -> pane.counterfactuals().isRunning())
                && !fx(() -> pane.counterfactuals().results().getItems().isEmpty()));
        String status = fx(() -> pane.counterfactuals().status().getText());
        assertTrue(status.contains("verified by re-scoring"), status);
        List<String> items = fx(() -> List.copyOf(pane.counterfactuals().results().getItems()));
        for (String item : items) {
            assertFalse(item.startsWith("age:") || item.contains("\nage:"), "age is immutable: " + item);
            assertTrue(item.contains("⇒ 'no'"), item);
        }
        // the same search, re-scored here: each counterfactual flips the model's decision
        Counterfactuals.Result again = new Counterfactuals(shown.decisions().model(), "yes",
                shown.decisions().training(), shown.decisions().table(), Counterfactuals.Options.DEFAULTS)
                .search(declined.row(), shown.decisions().data().row(declined.row()),
                        dev.handoff.explain.ProgressListener.NONE, dev.handoff.explain.Cancellation.NONE);
        Model<Label> model = shown.decisions().model();
        List<String> features = FeatureTable.modelFeatures(model);
        for (Counterfactuals.Counterfactual c : again.counterfactuals()) {
            double[] x = shown.decisions().data().row(declined.row());
            c.changes().forEach(ch -> x[features.indexOf(ch.feature())] = ch.to());
            assertEquals("no", model.predict(TribuoFunctions.examples(features, new double[][]{x})).get(0)
                    .getOutput().getLabel());
        }
        assertEquals(items.size(), again.counterfactuals().size());
        FxTesting.snapshot(stage, "explain-counterfactuals");
        System.out.println(String.format(Locale.ROOT, "row %d reasons %s cfs %s", declined.row(), ranked, items));
    }
}
