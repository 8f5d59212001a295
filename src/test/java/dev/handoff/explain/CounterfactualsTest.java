package dev.handoff.explain;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterfactualsTest {
    static final String[] FEATURES = {"debt", "late", "income", "age", "noise"};

    /** Default risk rises with debt and late payments, falls with income; age is a proxy-free distractor. */
    static MutableDataset<Label> credit(int n, long seed) {
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance("credit", new LabelFactory()),
                new LabelFactory());
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            double debt = Math.round(r.nextDouble() * 100) / 100.0;
            double late = r.nextInt(6);
            double income = 20 + r.nextInt(80);
            double age = 21 + r.nextInt(50);
            double noise = r.nextGaussian();
            double logit = -1 + 4 * (debt - 0.5) + 0.8 * (late - 2) - 0.05 * (income - 60);
            boolean yes = r.nextDouble() < 1 / (1 + Math.exp(-logit));
            ArrayExample<Label> e = new ArrayExample<>(new Label(yes ? "yes" : "no"));
            double[] v = {debt, late, income, age, noise};
            for (int c = 0; c < FEATURES.length; c++) {
                e.add(FEATURES[c], v[c]);
            }
            d.add(e);
        }
        return d;
    }

    @Test
    void everyCounterfactualFlipsWhenReScoredAndLeavesImmutablesAlone() throws Exception {
        Model<Label> model = new LogisticRegressionTrainer().train(credit(800, 1));
        FeatureTable train = FeatureTable.fromDataset(credit(800, 1)).alignTo(FeatureTable.modelFeatures(model));
        ReasonCodeTable table = PrincipalReasonsTest.table();
        Counterfactuals cf = new Counterfactuals(model, "yes", new ReferenceData(train, "train", null), table,
                Counterfactuals.Options.DEFAULTS.withCount(4));
        assertFalse(cf.actionableFeatures().contains("age"), "age is immutable in the table");
        List<String> features = FeatureTable.modelFeatures(model);
        double[] x = new double[features.size()];
        // a clearly declined applicant: high debt, many late payments, low income, age 30
        double[] raw = {0.95, 5, 25, 30, 0.1};
        for (int c = 0; c < FEATURES.length; c++) {
            x[features.indexOf(FEATURES[c])] = raw[c];
        }
        assertEquals("yes", model.predict(TribuoFunctions.examples(features, new double[][]{x})).get(0)
                .getOutput().getLabel());
        Counterfactuals.Result result = cf.search(3, x, ProgressListener.NONE, Cancellation.NONE);
        assertEquals("yes", result.originalPrediction());
        assertFalse(result.counterfactuals().isEmpty(), result.warnings().toString());
        assertTrue(result.counterfactuals().size() <= 4);
        Set<Set<String>> sets = new HashSet<>();
        for (Counterfactuals.Counterfactual c : result.counterfactuals()) {
            double[] changed = x.clone();
            for (Counterfactuals.Change ch : c.changes()) {
                assertNotEquals("age", ch.feature());
                assertEquals(x[features.indexOf(ch.feature())], ch.from());
                changed[features.indexOf(ch.feature())] = ch.to();
                double min = java.util.Arrays.stream(train.rows()).mapToDouble(r -> r[features.indexOf(ch.feature())]).min().orElseThrow();
                double max = java.util.Arrays.stream(train.rows()).mapToDouble(r -> r[features.indexOf(ch.feature())]).max().orElseThrow();
                assertTrue(ch.to() >= min && ch.to() <= max, ch + " inside the training range");
            }
            var p = model.predict(TribuoFunctions.examples(features, new double[][]{changed})).get(0);
            assertEquals("no", p.getOutput().getLabel(), "re-scored, " + c + " flips the decision");
            assertEquals(p.getOutputScores().get("yes").getScore(), c.newScore(), 1e-9);
            assertTrue(c.newScore() < 0.5);
            assertTrue(c.verified());
            assertTrue(c.distance() > 0);
            sets.add(c.changes().stream().map(Counterfactuals.Change::feature).collect(java.util.stream.Collectors.toSet()));
        }
        assertTrue(sets.size() >= Math.min(2, result.counterfactuals().size()), "diverse change sets: " + sets);
    }

    @Test
    void withEveryUsedFeatureImmutableNothingIsProposed() throws Exception {
        Model<Label> model = new LogisticRegressionTrainer().train(credit(300, 2));
        FeatureTable train = FeatureTable.fromDataset(credit(300, 2));
        StringBuilder yaml = new StringBuilder("features:\n");
        for (String f : FEATURES) {
            yaml.append("  ").append(f).append(":\n    code: X\n    reason: r\n    immutable: true\n");
        }
        ReasonCodeTable all = ReasonCodeTable.parse(yaml.toString().getBytes(), "t.yml");
        Counterfactuals cf = new Counterfactuals(model, "yes", new ReferenceData(train, "train", null), all,
                Counterfactuals.Options.DEFAULTS);
        Counterfactuals.Result r = cf.search(0, train.row(0), ProgressListener.NONE, Cancellation.NONE);
        assertTrue(r.counterfactuals().isEmpty());
        assertTrue(r.warnings().get(0).contains("No actionable feature"), r.warnings().toString());
    }

    @Test
    void quantileGridAndScaleAreHandCheckable() {
        double[] sorted = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(List.of(0.0, 5.0, 10.0), java.util.Arrays.stream(Counterfactuals.quantiles(sorted, 3)).boxed().toList());
        assertEquals(3.0, Counterfactuals.scale(sorted), "median 5, |deviations| median 3");
        assertEquals(1.0, Counterfactuals.scale(new double[]{2, 2, 2}), "constant: sd 0 → 1");
    }
}
