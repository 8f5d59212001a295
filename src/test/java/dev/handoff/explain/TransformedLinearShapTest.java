package dev.handoff.explain;

import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.impl.ArrayExample;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.Transformer;
import org.tribuo.transform.TransformerMap;
import org.tribuo.transform.transformations.BinningTransformation;
import org.tribuo.transform.transformations.LinearScalingTransformation;
import org.tribuo.transform.transformations.MeanStdDevTransformation;
import org.tribuo.transform.transformations.SimpleTransform;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact linear SHAP for Tribuo {@link TransformedModel}s (TransformTrainer + per-feature transformations) around a
 * logistic regression, trained here on shifted and scaled synthetic data so the standardisation matters.
 */
class TransformedLinearShapTest {

    private static final Explainers.Options FAST = new Explainers.Options(8, 0, 300, 3);

    /** Synthetic rows with feature i scaled by 10^i-ish and shifted, so raw and standardised values differ a lot. */
    static MutableDataset<Label> shifted(long seed, int rows, double missingRate) {
        MutableDataset<Label> base = Synthetic.dataset(seed, rows, 4, 3, missingRate);
        double[] scale = {25.0, 0.2, 3.0, 100.0};
        double[] shift = {40.0, -1.0, 7.5, 1000.0};
        MutableDataset<Label> out = new MutableDataset<>(base.getProvenance(), base.getOutputFactory());
        for (Example<Label> ex : base) {
            ArrayExample<Label> copy = new ArrayExample<>(ex.getOutput());
            for (Feature f : ex) {
                int i = Integer.parseInt(f.getName().substring(1));
                copy.add(f.getName(), f.getValue() * scale[i] + shift[i]);
            }
            out.add(copy);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static TransformedModel<Label> train(MutableDataset<Label> data, TransformationMap map, boolean densify) {
        return (TransformedModel<Label>) new TransformTrainer<>(new LogisticRegressionTrainer(), map, densify)
                .train(data);
    }

    @Test
    void standardisedLogisticRegressionIsAdditiveAndReproducesTribuoProbabilities() {
        MutableDataset<Label> train = shifted(5, 300, 0.1);
        TransformedModel<Label> model = train(train,
                new TransformationMap(List.of(new MeanStdDevTransformation())), false);
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable data = FeatureTable.fromExamples(shifted(6, 80, 0.15), features);
        assertEquals(ExplanationMethod.LINEAR_SHAP, Explainers.supported(model).get(0), "auto picks linear SHAP");
        Background background = Background.kMeans(data, 8, 2);
        List<String> classes = List.of("high", "mid", "low");
        int rowsWithMissing = 0;
        for (int r = 0; r < 30; r++) {
            double[] x = data.row(r);
            for (double v : x) {
                rowsWithMissing += Double.isNaN(v) ? 1 : 0;
            }
            double[] margins = new double[classes.size()];
            for (int c = 0; c < classes.size(); c++) {
                Attribution a = LinearShap.of(model, classes.get(c), background).explain(x);
                assertEquals(ExplanationMethod.LINEAR_SHAP, a.method());
                assertTrue(a.additivityResidual() <= 1e-9, "additivity " + a.additivityResidual());
                margins[c] = a.modelOutput();
            }
            double norm = 0;
            for (double z : margins) {
                norm += Math.exp(z);
            }
            Prediction<Label> p = model.predict(TribuoTreesTest.example(data, r));
            for (int c = 0; c < classes.size(); c++) {
                assertEquals(Math.exp(margins[c]) / norm, p.getOutputScores().get(classes.get(c)).getScore(), 1e-9,
                        "softmax of the explained margins is the TransformedModel's probability, row " + r);
            }
        }
        assertTrue(rowsWithMissing > 0, "some explained rows have missing values");
    }

    @Test
    void valuesAreWeightTimesTransformedValueMinusTransformedBackgroundMean() {
        TransformedModel<Label> model = train(shifted(7, 300, 0.0),
                new TransformationMap(List.of(new MeanStdDevTransformation())), false);
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable data = FeatureTable.fromExamples(shifted(8, 50, 0.0), features);
        Background background = Background.kMeans(data, 6, 4);
        double[] rawMean = background.mean(0.0);
        TransformerMap tm = model.getTransformerMap();
        LinearSGDModel inner = (LinearSGDModel) model.getInnerModel();
        DenseMatrix w = inner.getWeightsCopy();
        int cls = inner.getOutputIDInfo().getID(new Label("high"));
        double expectedBase = w.get(cls, features.size());
        double[] x = data.row(3);
        Attribution a = LinearShap.of(model, "high", background).explain(x);
        for (int i = 0; i < features.size(); i++) {
            List<Transformer> t = tm.get(features.get(i));
            double wi = w.get(cls, inner.getFeatureIDMap().getID(features.get(i)));
            double expected = wi * (TransformerMap.applyTransformerList(x[i], t)
                    - TransformerMap.applyTransformerList(rawMean[i], t));
            assertEquals(expected, a.value(i), 1e-9, "phi = w (t(x) - t(E[x])) for " + features.get(i));
            expectedBase += wi * TransformerMap.applyTransformerList(rawMean[i], t);
        }
        assertEquals(expectedBase, a.baseValue(), 1e-9, "base value = margin at the background mean (t affine)");
        assertTrue(Math.abs(a.value(3)) > 1e-6, "the explained row differs from the background");
    }

    @Test
    void matchesExactKernelShapOnTheModelsOwnLogOdds() {
        TransformedModel<Label> model = train(shifted(9, 300, 0.0),
                new TransformationMap(List.of(new LinearScalingTransformation(-1, 1))), false);
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable data = FeatureTable.fromExamples(shifted(10, 40, 0.0), features);
        Background background = Background.kMeans(data, 6, 1);
        LinearShap high = LinearShap.of(model, "high", background);
        LinearShap low = LinearShap.of(model, "low", background);
        // log(p_high / p_low) = z_high - z_low, computed from Tribuo's probabilities only.
        ModelFunction pHigh = TribuoFunctions.probability(model, "high");
        ModelFunction pLow = TribuoFunctions.probability(model, "low");
        ModelFunction logOdds = rows -> {
            double[] a = pHigh.apply(rows);
            double[] b = pLow.apply(rows);
            double[] out = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                out[r] = Math.log(a[r] / b[r]);
            }
            return out;
        };
        KernelShap kernel = new KernelShap(logOdds, background, 0, 5);
        for (int r = 0; r < 5; r++) {
            double[] x = data.row(r);
            double[] h = high.explain(x).values();
            double[] l = low.explain(x).values();
            double[] k = kernel.explain(x, "high vs low", "log-odds").values();
            for (int i = 0; i < k.length; i++) {
                assertEquals(h[i] - l[i], k[i], 1e-6, "row " + r + " feature " + features.get(i));
            }
        }
    }

    @Test
    void densifiedModelsReadMissingAsZeroBeforeTransforming() {
        TransformedModel<Label> model = train(shifted(11, 300, 0.1),
                new TransformationMap(List.of(new MeanStdDevTransformation())), true);
        assertTrue(model.getDensify());
        FeatureTable data = FeatureTable.fromExamples(shifted(12, 30, 0.3), FeatureTable.modelFeatures(model));
        LinearShap shap = LinearShap.of(model, "mid", Background.all(data));
        for (int r = 0; r < 10; r++) {
            Attribution mid = shap.explain(data.row(r));
            assertTrue(mid.additivityResidual() <= 1e-9);
            double[] z = new double[3];
            String[] classes = {"high", "mid", "low"};
            for (int c = 0; c < 3; c++) {
                z[c] = LinearShap.of(model, classes[c], Background.all(data)).margin(data.row(r));
            }
            double norm = Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]);
            assertEquals(Math.exp(z[1]) / norm,
                    model.predict(TribuoTreesTest.example(data, r)).getOutputScores().get("mid").getScore(), 1e-9);
        }
    }

    @Test
    void simpleAffineTransformsAreAcceptedInAnyChain() {
        TransformationMap map = new TransformationMap(List.of(SimpleTransform.sub(3.0), SimpleTransform.mul(0.5),
                new MeanStdDevTransformation()));
        TransformedModel<Label> model = train(shifted(13, 200, 0.0), map, false);
        assertTrue(Explainers.supported(model).contains(ExplanationMethod.LINEAR_SHAP));
        FeatureTable data = FeatureTable.fromExamples(shifted(14, 30, 0.0), FeatureTable.modelFeatures(model));
        ExplanationReport report = ExplanationService.run(model, data,
                new ExplanationService.Request(ExplanationService.Kind.AUTO, "low", List.of(0, 1, 2), FAST, 1),
                ProgressListener.NONE, Cancellation.NONE);
        assertEquals("LINEAR_SHAP", report.method());
        assertTrue(report.maxAdditivityResidual() <= 1e-9, "residual " + report.maxAdditivityResidual());
    }

    @Test
    void nonAffineTransformationsAreRefusedByName() {
        TransformationMap map = new TransformationMap(List.of(new MeanStdDevTransformation()),
                Map.of("x2", List.of(BinningTransformation.equalWidth(4))));
        TransformedModel<Label> model = train(shifted(15, 200, 0.0), map, false);
        List<ExplanationMethod> supported = Explainers.supported(model);
        assertFalse(supported.contains(ExplanationMethod.LINEAR_SHAP), supported.toString());
        assertEquals(ExplanationMethod.KERNEL_SHAP, supported.get(0), "falls back to KernelSHAP");
        FeatureTable data = FeatureTable.fromExamples(shifted(16, 20, 0.0), FeatureTable.modelFeatures(model));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Explainers.create(ExplanationMethod.LINEAR_SHAP, model, "low", data, FAST));
        assertTrue(e.getMessage().contains("'x2'") && e.getMessage().contains("BinningTransformer")
                && e.getMessage().contains("not affine"), e.getMessage());
        IllegalArgumentException log = assertThrows(IllegalArgumentException.class,
                () -> LinearShap.of(train(shifted(17, 200, 0.0),
                        new TransformationMap(List.of(SimpleTransform.add(10_000.0), SimpleTransform.log())), false),
                        "low", Background.all(data)));
        assertTrue(log.getMessage().contains("log()"), log.getMessage());
        Model<Label> plain = new LogisticRegressionTrainer().train(shifted(18, 100, 0.0));
        assertTrue(LinearShap.unsupportedReason(plain).isEmpty());
    }
}
