package dev.handoff.explain;

import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.math.la.DenseMatrix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact interventional SHAP for Tribuo linear classifiers ({@link LinearSGDModel}), in margin space: the explained
 * output is the class's linear score {@code w_c·x + b_c} — the logit fed to the softmax for a log-loss model, the
 * decision score for a hinge model. With features independent of each other and a background mean
 * {@code E[x]}, {@code φ_i = w_{c,i} (x_i − E[x_i])} and the base value is {@code w_c·E[x] + b_c}; local accuracy is
 * exact up to rounding. A missing value counts as 0, as in Tribuo's sparse examples.
 */
public final class LinearShap {

    /** Output space of the explained values. */
    public static final String MARGIN = "margin (linear score / softmax logit)";

    private final List<String> features;
    private final double[] weights;
    private final double bias;
    private final double[] mean;
    private final String label;
    private final String backgroundDescription;

    /**
     * @param model      the linear classifier
     * @param label      the class whose margin is explained
     * @param background reference rows whose weighted mean is the "feature unknown" value
     */
    public LinearShap(LinearSGDModel model, String label, Background background) {
        int classId = TribuoFunctions.requireLabel(model, label);
        this.features = FeatureTable.modelFeatures(model);
        DenseMatrix w = model.getWeightsCopy();
        if (w.getDimension2Size() != features.size() + 1) {
            throw new IllegalStateException("Expected " + (features.size() + 1) + " weights per class (bias last), "
                    + "found " + w.getDimension2Size());
        }
        this.weights = new double[features.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = w.get(classId, i);
        }
        this.bias = w.get(classId, features.size());
        this.mean = background.alignTo(features).mean(0.0);
        this.label = label;
        this.backgroundDescription = background.description();
    }

    /** The class margin of a row (rows in {@link FeatureTable#modelFeatures} order, NaN read as 0). */
    public double margin(double[] x) {
        double s = bias;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i] * valueOf(x[i]);
        }
        return s;
    }

    /** The base value {@code w·E[x] + b}. */
    public double expectedValue() {
        double s = bias;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i] * mean[i];
        }
        return s;
    }

    /** Explains one row. */
    public Attribution explain(double[] x) {
        if (x.length != features.size()) {
            throw new IllegalArgumentException("Row has " + x.length + " values, the model has " + features.size()
                    + " features");
        }
        double[] phi = new double[weights.length];
        for (int i = 0; i < phi.length; i++) {
            phi[i] = weights[i] * (valueOf(x[i]) - mean[i]);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("background", backgroundDescription);
        params.put("bias", Double.toString(bias));
        params.put("assumption", "interventional (features independent), background mean");
        return new Attribution(features, x, phi, expectedValue(), margin(x), label, MARGIN,
                ExplanationMethod.LINEAR_SHAP, params);
    }

    private static double valueOf(double v) {
        return Double.isNaN(v) ? 0.0 : v;
    }
}
