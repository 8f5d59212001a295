package dev.handoff.explain;

import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearAndKernelShapTest {

    private static final MutableDataset<Label> TRAIN = Synthetic.dataset(21, 300, 5, 3, 0.0);
    private static final LinearSGDModel MODEL = (LinearSGDModel) new LogisticRegressionTrainer().train(TRAIN);
    private static final FeatureTable DATA = FeatureTable.fromExamples(Synthetic.dataset(22, 60, 5, 3, 0.1),
            FeatureTable.modelFeatures(MODEL));

    @Test
    void linearShapIsAdditiveInMarginSpaceAndMarginsGiveTribuoProbabilities() {
        Background background = Background.sample(DATA, 30, 1);
        List<String> classes = List.of("high", "mid", "low");
        for (int r = 0; r < 10; r++) {
            double[] x = DATA.row(r);
            double[] margins = new double[classes.size()];
            for (int c = 0; c < classes.size(); c++) {
                Attribution a = new LinearShap(MODEL, classes.get(c), background).explain(x);
                assertTrue(a.additivityResidual() <= 1e-12, "additivity " + a.additivityResidual());
                margins[c] = a.modelOutput();
            }
            double norm = 0;
            for (double z : margins) {
                norm += Math.exp(z);
            }
            Prediction<Label> p = MODEL.predict(TribuoTreesTest.example(DATA, r));
            for (int c = 0; c < classes.size(); c++) {
                assertEquals(Math.exp(margins[c]) / norm, p.getOutputScores().get(classes.get(c)).getScore(), 1e-9,
                        "softmax of the explained margins is Tribuo's probability");
            }
        }
    }

    @Test
    void kernelShapOnLinearMarginEqualsLinearShap() {
        Background background = Background.kMeans(DATA, 8, 3);
        LinearShap linear = new LinearShap(MODEL, "high", background);
        ModelFunction margin = rows -> {
            double[] out = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                out[r] = linear.margin(rows[r]);
            }
            return out;
        };
        // All 30 coalitions enumerated (exact) and a sampled budget: a linear game is recovered exactly either way.
        for (int nsamples : new int[] {0, 12}) {
            KernelShap kernel = new KernelShap(margin, background, nsamples, 5);
            for (int r = 0; r < 5; r++) {
                double[] x = DATA.row(r);
                Attribution k = kernel.explain(x, "high", LinearShap.MARGIN);
                Attribution l = linear.explain(x);
                assertArrayEquals(l.values(), k.values(), 1e-9);
                assertEquals(l.baseValue(), k.baseValue(), 1e-9);
            }
        }
    }

    @Test
    void exactKernelShapMatchesBruteForceInterventionalShapleyOnProbabilities() {
        Background background = Background.kMeans(DATA, 6, 9);
        ModelFunction probability = TribuoFunctions.probability(MODEL, "mid");
        KernelShap kernel = new KernelShap(probability, background, 0, 1);
        for (int r = 0; r < 5; r++) {
            double[] x = DATA.row(r);
            Attribution a = kernel.explain(x, "mid", "probability");
            assertEquals("true", a.parameters().get("exact"));
            double[] exact = BruteForceShapley.shapley(x.length, s -> interventional(probability, background, x, s));
            assertArrayEquals(exact, a.values(), 1e-8);
            assertTrue(a.additivityResidual() <= 1e-9);
        }
    }

    @Test
    void sampledKernelShapIsAdditiveSeededAndClose() {
        MutableDataset<Label> wide = Synthetic.dataset(31, 300, 12, 2, 0.0);
        LinearSGDModel model = (LinearSGDModel) new LogisticRegressionTrainer().train(wide);
        FeatureTable table = FeatureTable.fromExamples(wide, FeatureTable.modelFeatures(model));
        Background background = Background.kMeans(table, 5, 2);
        ModelFunction probability = TribuoFunctions.probability(model, "pos");
        KernelShap kernel = new KernelShap(probability, background, 600, 42);
        double[] x = table.row(0);
        AtomicLong lastDone = new AtomicLong();
        Attribution a = kernel.explain(x, "pos", "probability", (done, total, msg) -> lastDone.set(done),
                Cancellation.NONE);
        assertEquals("false", a.parameters().get("exact"));
        assertTrue(a.additivityResidual() <= 1e-9, "efficiency is enforced exactly");
        assertEquals(Integer.parseInt(a.parameters().get("coalitions")), lastDone.get());
        Attribution again = new KernelShap(probability, background, 600, 42).explain(x, "pos", "probability");
        assertArrayEquals(a.values(), again.values(), 0.0, "same seed, same result");
        double[] exact = BruteForceShapley.shapley(x.length, s -> interventional(probability, background, x, s));
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], a.value(i), 0.01, "feature " + i);
        }
        assertTrue(Math.abs(a.value(0)) > Math.abs(a.value(5)), "x0 drives the label, x5 does not");
    }

    @Test
    void cancellationStopsKernelShap() {
        Background background = Background.all(DATA.head(40));
        KernelShap kernel = new KernelShap(TribuoFunctions.probability(MODEL, "mid"), background, 0, 1);
        assertThrows(CancellationException.class,
                () -> kernel.explain(DATA.row(0), "mid", "probability", ProgressListener.NONE, () -> true));
    }

    @Test
    void featuresEqualToTheWholeBackgroundGetZero() {
        double[][] bg = {{1, 5, 0}, {2, 5, 1}, {3, 5, 2}};
        ModelFunction f = rows -> {
            double[] out = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                out[r] = rows[r][0] * rows[r][1] + rows[r][2] * rows[r][2];
            }
            return out;
        };
        Background background = Background.all(FeatureTable.of(List.of("a", "b", "c"), bg));
        Attribution a = new KernelShap(f, background, 0, 0).explain(new double[] {4, 5, 3}, "y", "value");
        assertEquals(0.0, a.value(1), 0.0);
        double[] exact = BruteForceShapley.shapley(3, s -> interventional(f, background, new double[] {4, 5, 3}, s));
        assertArrayEquals(exact, a.values(), 1e-10);
    }

    /** v(S) = Σ_b w_b f(x_S, b_rest). */
    static double interventional(ModelFunction f, Background background, double[] x, int coalition) {
        double[][] bg = background.rows();
        double[][] rows = new double[bg.length][];
        for (int b = 0; b < bg.length; b++) {
            rows[b] = bg[b].clone();
            for (int i = 0; i < x.length; i++) {
                if ((coalition & (1 << i)) != 0) {
                    rows[b][i] = x[i];
                }
            }
        }
        double[] out = f.apply(rows);
        double v = 0;
        double[] w = background.weights();
        for (int b = 0; b < out.length; b++) {
            v += w[b] * out[b];
        }
        return v;
    }
}
