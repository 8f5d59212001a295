package dev.handoff.ui.explain;

import dev.handoff.bundle.io.Digests;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.model.TribuoModelFiles;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ResultDigest;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.bundle.review.SignableResult;
import dev.handoff.explain.ReasonCodeTable;
import dev.handoff.ui.FxTesting;
import javafx.scene.control.Tab;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing the results beside an explanation from the Explain view: the monotonicity verdict (Dependence tab), the
 * cohort analysis (Cohorts tab, after superseding one analysis by another) and a row's counterfactuals. Each sign-off
 * names the model's digest and the digest of the result on screen; a superseded analysis is never what is signed.
 */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class ExplainResultSignOffTest extends ExplainPaneFixture {
    static final String[] FEATURES = ExplainReasonsPaneTest.FEATURES;
    static final String CODES = """
            adverse_class: "yes"
            features:
              debt: {code: R01, reason: Debt is high compared with income, monotone: increasing}
              late: {code: R02, reason: Late payments in the last 24 months, monotone: increasing}
              income: {code: R03, reason: Income is insufficient, monotone: decreasing}
              age: {code: R90, reason: Age of applicant, immutable: true}
            """;

    @Test
    void theVerdictTheCohortsAndTheCounterfactualsShownAreSignedByDigest(FxRobot robot) throws Exception {
        Path csv = project();
        Path modelFile = dir.resolve("model").resolve(TribuoModelFiles.MODEL_FILE);
        fx(() -> {
            pane.openModelFile(modelFile);
            pane.openCsv(csv);
            return null;
        });
        waitUntil(() -> fx(() -> pane.method().getItems().size()) > 0 && fx(() -> pane.labelColumn().getValue()) != null);
        robot.clickOn("#explain");
        waitUntil(() -> fx(() -> pane.rowTable().getItems().size()) == 150);
        ModelArtifact model = fx(() -> pane.model());
        String dataSha = Digests.sha256Hex(csv);
        ReviewStore store = new ReviewStore(dir.resolve("reviews"));
        String codesSha = ReasonCodeTable.read(dir.resolve("project/reason-codes.yml")).sha256();
        fx(() -> {
            robot.lookup("#reviewer").queryTextInputControl().setText("Dana Reviewer");
            return null;
        });

        // the monotonicity verdict, from the Dependence tab
        tab("Dependence");
        assertEquals(SignOffBox.Target.MONOTONICITY, fx(() -> pane.signOffBox().target().getValue()));
        waitUntil(() -> fx(() -> pane.dependence().shownCheck()) != null
                && fx(() -> pane.signOffBox().current()) != null);
        SignableResult verdict = fx(() -> pane.signOffBox().current());
        assertEquals(ReviewSubject.MONOTONICITY, verdict.subject().method());
        assertEquals(ResultDigest.sha256(fx(() -> pane.dependence().shownCheck())), verdict.subject().resultSha256());
        assertEquals(codesSha, verdict.subject().parameters().get("reasons.codesSha256"));
        assertTrue(fx(() -> pane.signOffSubject().getText()).contains("Signing MONOTONICITY"));
        FxTesting.clickWhenEnabled(robot, "#signOff");
        waitUntil(() -> fx(() -> pane.signOffMessage().getText()).startsWith("Saved"));
        FxTesting.snapshot(stage, "explain-signoff-monotonicity");

        // the cohort analysis: one analysis superseded by another; only the newest can be signed
        tab("Cohorts");
        assertEquals(SignOffBox.Target.COHORTS, fx(() -> pane.signOffBox().target().getValue()));
        waitUntil(() -> fx(() -> pane.cohorts().shown()) != null && !fx(() -> pane.cohorts().isRunning()));
        boolean disabledWhileRunning = fx(() -> {
            pane.cohorts().filter().setText("income < 40");
            robot.lookup("#addCohort").queryButton().fire();
            pane.cohorts().filter().setText("group = 'B'");
            robot.lookup("#addCohort").queryButton().fire(); // supersedes the analysis with 'income < 40'
            return pane.signOffBox().current() == null && pane.signOffBox().signOffButton().isDisabled();
        });
        assertTrue(disabledWhileRunning, "nothing is signable while the analysis that replaces the shown one runs");
        waitUntil(() -> !fx(() -> pane.cohorts().isRunning()) && fx(() -> pane.signOffBox().current()) != null);
        SignableResult cohorts = fx(() -> pane.signOffBox().current());
        assertEquals(ReviewSubject.COHORTS, cohorts.subject().method());
        assertEquals("group = 'B'", cohorts.subject().parameters().get("cohorts.filters"),
                "the superseded analysis (with 'income < 40') is never offered");
        assertEquals(List.of("group = 'B'"), fx(() -> pane.cohorts().shown().defined().stream()
                .map(c -> c.filter()).toList()));
        assertEquals(ResultDigest.sha256(fx(() -> pane.cohorts().shown())), cohorts.subject().resultSha256());
        assertEquals(dataSha, cohorts.subject().dataSha256());
        assertEquals("group", cohorts.subject().parameters().get("cohorts.groups"));
        FxTesting.clickWhenEnabled(robot, "#signOff");
        waitUntil(() -> fx(() -> pane.signOffMessage().getText()).startsWith("Saved"));
        String message = fx(() -> pane.signOffMessage().getText());
        assertTrue(message.contains("COHORTS result sha256:" + cohorts.subject().resultSha256().substring(0, 12)), message);
        assertTrue(fx(() -> pane.signOffSubject().getText()).startsWith("Signing COHORTS for 'yes'\nresult sha256:"
                + cohorts.subject().resultSha256().substring(0, 16)));
        FxTesting.snapshot(stage, "explain-signoff-cohorts");

        // a row's counterfactuals
        int row = fx(() -> {
            int i = 0;
            while (!pane.rowTable().getItems().get(i).predicted().equals("yes")) {
                i++;
            }
            pane.rowTable().getSelectionModel().select(i);
            return pane.rowTable().getItems().get(i).row();
        });
        FxTesting.clickWhenEnabled(robot, "#findCounterfactuals");
        waitUntil(() -> fx(() -> pane.signOffBox().current()) != null
                && fx(() -> pane.signOffBox().target().getValue()) == SignOffBox.Target.COUNTERFACTUALS);
        SignableResult found = fx(() -> pane.signOffBox().current());
        assertEquals(ReviewSubject.COUNTERFACTUALS, found.subject().method());
        assertEquals(List.of(row), found.subject().rows());
        assertEquals(row, found.result().get("row").asInt());
        assertEquals(fx(() -> pane.counterfactuals().results().getItems().size()),
                found.result().get("counterfactuals").size());
        assertEquals("age", found.subject().parameters().get("counterfactuals.immutable"));
        FxTesting.clickWhenEnabled(robot, "#signOff");
        waitUntil(() -> fx(() -> pane.signOffMessage().getText()).startsWith("Saved"));
        FxTesting.snapshot(stage, "explain-signoff-counterfactuals");

        List<ExplanationReview> saved = store.reviews(model.ref());
        assertEquals(List.of("MONOTONICITY", "COHORTS", "COUNTERFACTUALS"),
                saved.stream().map(ExplanationReview::method).toList());
        for (int i = 0; i < saved.size(); i++) {
            ExplanationReview r = saved.get(i);
            assertEquals(model.sha256(), r.modelSha256());
            assertEquals(List.of(verdict, cohorts, found).get(i).subject(), r.subject());
            assertEquals(r.subject().resultSha256(), ResultDigest.sha256(r.result()));
            assertEquals("Dana Reviewer", r.reviewer());
        }

        // picking another row withdraws the counterfactuals; new data withdraws everything
        fx(() -> {
            int other = pane.rowTable().getSelectionModel().getSelectedIndex() + 1;
            pane.rowTable().getSelectionModel().select(other);
            return null;
        });
        assertNull(fx(() -> pane.signOffBox().current()));
        fx(() -> {
            pane.openCsv(csv);
            return null;
        });
        for (SignOffBox.Target t : SignOffBox.Target.values()) {
            fx(() -> {
                pane.signOffBox().choose(t);
                return null;
            });
            assertNull(fx(() -> pane.signOffBox().current()), t.toString());
            assertTrue(fx(() -> pane.signOffBox().signOffButton().isDisabled()), t.toString());
        }
    }

    private void tab(String name) throws Exception {
        fx(() -> {
            for (Tab t : pane.chartTabs().getTabs()) {
                if (t.getText().equals(name)) {
                    pane.chartTabs().getSelectionModel().select(t);
                }
            }
            return null;
        });
    }

    /** A logistic model, a labelled CSV with a group column and the project's reason-code table. */
    private Path project() throws Exception {
        MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("t", new LabelFactory()),
                new LabelFactory());
        Random r = new Random(5);
        for (int i = 0; i < 600; i++) {
            double[] v = ExplainReasonsPaneTest.applicant(r);
            ArrayExample<Label> e = new ArrayExample<>(new Label(ExplainReasonsPaneTest.label(v, r)));
            for (int c = 0; c < FEATURES.length; c++) {
                e.add(FEATURES[c], v[c]);
            }
            train.add(e);
        }
        TribuoModelFiles.write(new LogisticRegressionTrainer().train(train), dir.resolve("model"));
        Path data = Files.createDirectories(dir.resolve("project/data"));
        StringBuilder csv = new StringBuilder(String.join(",", FEATURES) + ",group,default\n");
        for (int i = 0; i < 150; i++) {
            double[] v = ExplainReasonsPaneTest.applicant(r);
            for (double x : v) {
                csv.append(x).append(',');
            }
            csv.append(List.of("A", "B").get(r.nextInt(2))).append(',')
                    .append(ExplainReasonsPaneTest.label(v, r)).append('\n');
        }
        Files.writeString(data.resolve("test.csv"), csv);
        Files.writeString(dir.resolve("project/reason-codes.yml"), CODES);
        assertNotNull(ReasonCodeTable.read(dir.resolve("project/reason-codes.yml")));
        return data.resolve("test.csv");
    }
}
