package dev.handoff.explain;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplainersTest {

    private static final MutableDataset<Label> TRAIN = Synthetic.dataset(61, 300, 4, 2, 0.0);
    private static final Explainers.Options FAST = new Explainers.Options(8, 0, 300, 3);

    @Test
    void offersTheExactMethodFirstPerModelFamily() {
        Model<Label> linear = new LogisticRegressionTrainer().train(TRAIN);
        Model<Label> xgb = new XGBoostClassificationTrainer(5).train(TRAIN);
        Model<Label> cart = new CARTClassificationTrainer(3).train(TRAIN);
        assertEquals(List.of(ExplanationMethod.LINEAR_SHAP, ExplanationMethod.KERNEL_SHAP, ExplanationMethod.LIME),
                Explainers.supported(linear));
        assertEquals(List.of(ExplanationMethod.TREE_SHAP, ExplanationMethod.KERNEL_SHAP, ExplanationMethod.LIME),
                Explainers.supported(xgb));
        assertEquals(List.of(ExplanationMethod.TREE_SHAP), Explainers.supported(cart));
        FeatureTable data = FeatureTable.fromDataset(TRAIN);
        assertEquals(ExplanationMethod.TREE_SHAP, Explainers.best(cart, "pos", data, FAST).method());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Explainers.create(ExplanationMethod.LIME, cart, "pos", data, FAST));
        assertTrue(e.getMessage().contains("supported: [TREE_SHAP]"), e.getMessage());
    }

    @Test
    void everyMethodAgreesThatX0AndX1DriveTheLinearModel() {
        Model<Label> linear = new LogisticRegressionTrainer().train(TRAIN);
        FeatureTable data = FeatureTable.fromDataset(TRAIN);
        for (ExplanationMethod method : Explainers.supported(linear)) {
            LocalExplainer explainer = Explainers.create(method, linear, "pos", data, FAST);
            List<Attribution> all = explainer.explainAll(data.head(15), ProgressListener.NONE, Cancellation.NONE);
            FeatureImportance fi = FeatureImportance.meanAbsolute(all);
            assertEquals(Set.of("x0", "x1"), Set.copyOf(fi.ranking().subList(0, 2)), method + " " + fi);
            if (method.isAdditive()) {
                all.forEach(a -> assertTrue(a.additivityResidual() <= 1e-9, method + " " + a));
            }
        }
    }

    @Test
    void explainAllReportsProgressAndStopsWhenCancelled() {
        Model<Label> xgb = new XGBoostClassificationTrainer(5).train(TRAIN);
        FeatureTable data = FeatureTable.fromDataset(TRAIN).head(30);
        LocalExplainer explainer = Explainers.best(xgb, "neg", data, FAST);
        AtomicInteger calls = new AtomicInteger();
        assertThrows(CancellationException.class, () -> explainer.explainAll(data,
                (done, total, msg) -> calls.incrementAndGet(), () -> calls.get() >= 10));
        assertEquals(10, calls.get());
        assertThrows(IllegalArgumentException.class, () -> explainer.explain(new double[] {1, 2}));
    }
}
