package dev.handoff.explain;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportanceTest {

    private static final MutableDataset<Label> TRAIN = Synthetic.dataset(51, 400, 6, 2, 0.0);
    private static final MutableDataset<Label> TEST = Synthetic.dataset(52, 200, 6, 2, 0.0);
    private static final XGBoostModel<Label> XGB = new XGBoostClassificationTrainer(20).train(TRAIN);

    @Test
    void permutationImportanceRanksTheDrivingFeaturesFirst() {
        FeatureTable heldOut = FeatureTable.fromExamples(TEST, FeatureTable.modelFeatures(XGB));
        for (ClassificationMetric metric : List.of(ClassificationMetric.accuracy(), ClassificationMetric.auc("pos"))) {
            AtomicLong last = new AtomicLong();
            FeatureImportance fi = new PermutationImportance(metric, 4, 7, 2)
                    .compute(XGB, heldOut, (done, total, msg) -> last.accumulateAndGet(done, Math::max),
                            Cancellation.NONE);
            assertEquals(Set.of("x0", "x1"), Set.copyOf(fi.ranking().subList(0, 2)), fi.toString());
            assertTrue(fi.entry("x0").value() > 0.1, fi.toString());
            assertTrue(Math.abs(fi.entry("x4").value()) < 0.05, fi.toString());
            assertEquals(24, last.get(), "progress reaches features x repeats");
            double baseline = Double.parseDouble(fi.parameters().get("baseline"));
            assertTrue(baseline > 0.85, "model is good on held-out data: " + baseline);
        }
    }

    @Test
    void permutationImportanceIsSeededAndIndependentOfThreadCount() {
        Model<Label> model = new LogisticRegressionTrainer().train(TRAIN);
        FeatureTable heldOut = FeatureTable.fromDataset(TEST);
        FeatureImportance one = new PermutationImportance(ClassificationMetric.accuracy(), 3, 11, 1)
                .compute(model, heldOut);
        FeatureImportance two = new PermutationImportance(ClassificationMetric.accuracy(), 3, 11, 2)
                .compute(model, heldOut);
        assertEquals(one.entries(), two.entries());
        assertTrue(one.entry("x0").std() >= 0);
    }

    @Test
    void permutationImportanceHonoursCancellationAndInterruption() throws Exception {
        FeatureTable heldOut = FeatureTable.fromDataset(TEST);
        PermutationImportance pi = new PermutationImportance(ClassificationMetric.accuracy(), 50, 1, 2);
        assertThrows(CancellationException.class,
                () -> pi.compute(XGB, heldOut, ProgressListener.NONE, () -> true));

        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                pi.compute(XGB, heldOut, (d, t, m) -> started.countDown(), Cancellation.NONE);
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        worker.start();
        assertTrue(started.await(20, TimeUnit.SECONDS));
        worker.interrupt();
        worker.join(20_000);
        assertTrue(outcome.get() instanceof CancellationException, String.valueOf(outcome.get()));
    }

    @Test
    void mismatchedColumnsAreNamed() {
        FeatureTable heldOut = FeatureTable.fromDataset(TEST).withoutColumns("x3");
        PermutationImportance pi = new PermutationImportance(ClassificationMetric.accuracy(), 1, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pi.compute(XGB, heldOut));
        assertTrue(e.getMessage().contains("missing [x3]"), e.getMessage());
    }

    @Test
    void intrinsicImportancesPutTheDrivingFeaturesOnTop() {
        for (IntrinsicImportance.XGBoostStatistic stat : IntrinsicImportance.XGBoostStatistic.values()) {
            FeatureImportance fi = IntrinsicImportance.xgboost(XGB, stat);
            assertTrue(fi.ranking().contains("x0"), stat + " " + fi);
            if (stat == IntrinsicImportance.XGBoostStatistic.TOTAL_GAIN) {
                assertEquals(Set.of("x0", "x1"), Set.copyOf(fi.ranking().subList(0, 2)), fi.toString());
            }
        }
        LinearSGDModel linear = (LinearSGDModel) new LogisticRegressionTrainer().train(TRAIN);
        FeatureImportance weights = IntrinsicImportance.topFeatures(linear, "pos");
        assertEquals(Set.of("x0", "x1"), Set.copyOf(weights.ranking().subList(0, 2)));
        assertTrue(weights.entry("x0").value() > 0 && weights.entry("x1").value() < 0, "signed weights");
        assertTrue(!weights.ranking().contains(Model.BIAS_FEATURE));
        Model<Label> cart = new CARTClassificationTrainer(4).train(TRAIN);
        FeatureImportance splits = IntrinsicImportance.topFeatures(cart, null);
        assertTrue(splits.ranking().get(0).equals("x0") || splits.ranking().get(0).equals("x1"), splits.toString());
    }

    @Test
    void meanAbsoluteShapSummarisesAttributions() {
        TreeShap shap = new TreeShap(TribuoTrees.xgboost(XGB, "pos"));
        FeatureTable heldOut = FeatureTable.fromExamples(TEST, FeatureTable.modelFeatures(XGB)).head(50);
        List<Attribution> attributions = new ArrayList<>();
        double manual = 0;
        for (int r = 0; r < heldOut.numRows(); r++) {
            Attribution a = shap.explain(heldOut.row(r), "pos");
            attributions.add(a);
            manual += Math.abs(a.value(0));
        }
        FeatureImportance fi = FeatureImportance.meanAbsolute(attributions);
        assertEquals(manual / 50, fi.entry("x0").value(), 1e-12);
        assertEquals(Set.of("x0", "x1"), Set.copyOf(fi.ranking().subList(0, 2)));
        assertEquals("50", fi.parameters().get("rows"));
    }
}
