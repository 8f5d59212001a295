package dev.handoff.explain;

import com.google.protobuf.InvalidProtocolBufferException;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.regression.Regressor;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.protos.core.SimpleTransformProto;
import org.tribuo.transform.TransformedModel;
import org.tribuo.transform.Transformer;
import org.tribuo.transform.TransformerMap;
import org.tribuo.transform.transformations.SimpleTransform;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import com.oracle.labs.mlrg.olcut.util.Pair;

/**
 * Exact interventional SHAP for Tribuo linear classifiers ({@link LinearSGDModel}), in margin space: the explained
 * output is the class's linear score {@code w_c·x + b_c} — the logit fed to the softmax for a log-loss model, the
 * decision score for a hinge model. With features independent of each other and a background mean
 * {@code E[x]}, {@code φ_i = w_{c,i} (x_i − E[x_i])} and the base value is {@code w_c·E[x] + b_c}; local accuracy is
 * exact up to rounding. A missing value counts as 0, as in Tribuo's sparse examples.
 *
 * <p>A {@link TransformedModel} (e.g. from a {@code TransformTrainer} with {@code MeanStdDevTransformation}) around a
 * {@link LinearSGDModel} is explained the same way when every per-feature transformation {@code t_i} is affine: the
 * output is the inner model's margin {@code w_c·t(x) + b_c}, {@code φ_i = w_{c,i} (t_i(x_i) − E[t_i(x_i)])} and the
 * base value is {@code w_c·E[t(x)] + b_c}, expectations over the background. Since {@code t_i} is affine,
 * {@code E[t_i(x_i)] = t_i(E[x_i])}, so these are the interventional Shapley values of the model on its raw
 * features. A missing value is handled as the model does: absent (0 after transformation), or 0 before transformation
 * when the model densifies. See {@link #unsupportedReason} for what is accepted.
 *
 * <p>Linear regressors ({@code org.tribuo.regression.sgd.linear.LinearSGDModel}, also inside a
 * {@link TransformedModel}) are explained the same way on one output dimension; there the linear score is the
 * predicted value itself ({@link #PREDICTED_VALUE}).
 */
public final class LinearShap {

    /** Output space of the explained values for a hinge model or a softmax over more than two classes. */
    public static final String MARGIN = "margin (linear score / softmax logit)";
    /**
     * Output space for a two-class logistic (softmax) model: the log-odds {@code log(p_c / p_other) = z_c − z_other}
     * (twice the class's own softmax logit {@code z_c} when, as SGD from zero weights keeps them, {@code z_other = −z_c}),
     * so {@code p_c = 1 / (1 + e^-(base + Σφ))}.
     */
    public static final String LOG_ODDS = "log-odds";
    /** Output space of a linear regressor's explained values. */
    public static final String PREDICTED_VALUE = TribuoTrees.PREDICTED_VALUE;

    private final List<String> features;
    private final double[] weights;
    private final double bias;
    /** Per feature, the transformations applied before the linear model ({@code null} = none). */
    private final List<List<Transformer>> transforms;
    private final boolean densify;
    private final double[] mean;
    private final String label;
    private final String backgroundDescription;
    private final String transformDescription;
    private final String outputSpace;

    /**
     * @param model      the linear classifier
     * @param label      the class whose margin is explained
     * @param background reference rows whose weighted mean is the "feature unknown" value
     */
    public LinearShap(LinearSGDModel model, String label, Background background) {
        this(model, model, TribuoFunctions.requireLabel(model, label), null, false, label, background,
                classifierSpace(model));
    }

    /** {@link #LOG_ODDS} for a two-class model with probabilities (log-loss), else {@link #MARGIN}. */
    private static String classifierSpace(LinearSGDModel linear) {
        return linear.generatesProbabilities() && linear.getOutputIDInfo().size() == 2 ? LOG_ODDS : MARGIN;
    }

    private LinearShap(Model<?> outer, AbstractLinearSGDModel<?> linear, int classId, TransformerMap transformerMap,
                       boolean densify, String label, Background background, String outputSpace) {
        this.outputSpace = outputSpace;
        // log-odds: the difference of the two classes' linear scores, itself linear
        int otherId = LOG_ODDS.equals(outputSpace) ? 1 - classId : -1;
        this.features = FeatureTable.modelFeatures(outer);
        List<String> innerFeatures = FeatureTable.modelFeatures(linear);
        DenseMatrix w = linear.getWeightsCopy();
        if (w.getDimension2Size() != innerFeatures.size() + 1) {
            throw new IllegalStateException("Expected " + (innerFeatures.size() + 1) + " weights per class (bias last), "
                    + "found " + w.getDimension2Size());
        }
        this.weights = new double[features.size()];
        this.transforms = new java.util.ArrayList<>(features.size());
        Set<String> kinds = new LinkedHashSet<>();
        for (int i = 0; i < weights.length; i++) {
            int id = linear.getFeatureIDMap().getID(features.get(i));
            weights[i] = id < 0 ? 0.0 : w.get(classId, id) - (otherId < 0 ? 0.0 : w.get(otherId, id));
            List<Transformer> list = transformerMap == null ? null : transformerMap.get(features.get(i));
            transforms.add(list == null || list.isEmpty() ? null : List.copyOf(list));
            if (list != null) {
                list.forEach(t -> kinds.add(t.getClass().getSimpleName()));
            }
        }
        this.bias = w.get(classId, innerFeatures.size())
                - (otherId < 0 ? 0.0 : w.get(otherId, innerFeatures.size()));
        this.densify = densify;
        this.transformDescription = transformerMap == null ? "none"
                : String.join(", ", kinds) + (densify ? " (densified: missing = 0 before transforming)" : "");
        Background aligned = background.alignTo(features);
        this.mean = new double[features.size()];
        double[][] rows = aligned.rowsView();
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += aligned.weight(r) * transformed(i, rows[r][i]);
            }
        }
        this.label = label;
        this.backgroundDescription = background.description();
    }

    /**
     * Linear SHAP for a plain {@link LinearSGDModel} or a {@link TransformedModel} of one with affine per-feature
     * transformations.
     *
     * @throws IllegalArgumentException naming the model, or the feature and transformation that is not affine
     */
    @SuppressWarnings("unchecked")
    public static LinearShap of(Model<Label> model, String label, Background background) {
        if (!model.validate(Label.class)) {
            throw new IllegalArgumentException("Linear SHAP per class needs a classifier; '" + model.getName()
                    + "' is not one (use ofRegressor for a regressor)");
        }
        Optional<String> reason = unsupportedReason(model);
        if (reason.isPresent()) {
            throw new IllegalArgumentException("Linear SHAP does not apply: " + reason.get());
        }
        if (model instanceof LinearSGDModel linear) {
            return new LinearShap(linear, label, background);
        }
        TransformedModel<Label> transformed = (TransformedModel<Label>) model;
        LinearSGDModel inner = (LinearSGDModel) transformed.getInnerModel();
        return new LinearShap(model, inner, TribuoFunctions.requireLabel(inner, label),
                transformed.getTransformerMap(), transformed.getDensify(), label, background, classifierSpace(inner));
    }

    /**
     * Linear SHAP for one output dimension of a linear regressor (a regression {@code LinearSGDModel}, or a
     * {@link TransformedModel} of one with affine per-feature transformations); the explained output is the
     * predicted value.
     *
     * @param dimension the explained dimension, or null for a single-dimension regressor
     * @throws IllegalArgumentException naming what does not apply (model type, non-affine transformation, dimension)
     */
    @SuppressWarnings("unchecked")
    public static LinearShap ofRegressor(Model<Regressor> model, String dimension, Background background) {
        if (!model.validate(Regressor.class)) {
            throw new IllegalArgumentException("'" + model.getName() + "' is not a regressor");
        }
        Optional<String> reason = unsupportedReason(model);
        if (reason.isPresent()) {
            throw new IllegalArgumentException("Linear SHAP does not apply: " + reason.get());
        }
        String dim = TribuoFunctions.requireDimension(model, dimension);
        if (model instanceof org.tribuo.regression.sgd.linear.LinearSGDModel linear) {
            return new LinearShap(model, linear, dimensionId(linear, dim), null, false, dim, background,
                    PREDICTED_VALUE);
        }
        TransformedModel<Regressor> transformed = (TransformedModel<Regressor>) model;
        AbstractLinearSGDModel<Regressor> inner = (AbstractLinearSGDModel<Regressor>) transformed.getInnerModel();
        return new LinearShap(model, inner, dimensionId(inner, dim), transformed.getTransformerMap(),
                transformed.getDensify(), dim, background, PREDICTED_VALUE);
    }

    private static int dimensionId(Model<Regressor> model, String dimension) {
        for (Pair<Integer, Regressor> p : model.getOutputIDInfo()) {
            if (p.getB().getNames().length == 1 && p.getB().getNames()[0].equals(dimension)) {
                return p.getA();
            }
        }
        throw new IllegalArgumentException("Unknown output dimension '" + dimension + "'");
    }

    private static boolean isLinearSgd(Model<?> model) {
        return model instanceof LinearSGDModel || model instanceof org.tribuo.regression.sgd.linear.LinearSGDModel;
    }

    /**
     * Why linear SHAP cannot explain {@code model}, or empty if it can: it must be a {@link LinearSGDModel}, or a
     * {@link TransformedModel} around one whose transformations are all affine — {@code MeanStdDevTransformer},
     * {@code LinearScalingTransformer} (affine inside the training range, clamped outside; exact here because
     * {@code E[t(x)]} is averaged over the background rather than taken as {@code t(E[x])}) and
     * {@link SimpleTransform} {@code add}, {@code sub}, {@code mul}, {@code div}.
     */
    public static Optional<String> unsupportedReason(Model<?> model) {
        if (isLinearSgd(model)) {
            return Optional.empty();
        }
        if (!(model instanceof TransformedModel<?> transformed)) {
            return Optional.of(model.getClass().getSimpleName() + " '" + model.getName()
                    + "' is not a LinearSGDModel nor a TransformedModel around one");
        }
        Model<?> inner = transformed.getInnerModel();
        if (!isLinearSgd(inner)) {
            return Optional.of("TransformedModel '" + model.getName() + "' wraps " + inner.getClass().getSimpleName()
                    + ", not a LinearSGDModel");
        }
        for (Map.Entry<String, List<Transformer>> e : transformed.getTransformerMap().entrySet()) {
            for (Transformer t : e.getValue()) {
                if (!isAffine(t)) {
                    return Optional.of("TransformedModel '" + model.getName() + "' transforms feature '" + e.getKey()
                            + "' with " + t.getClass().getSimpleName() + " " + t
                            + ", which is not affine; linear SHAP needs affine per-feature transformations "
                            + "(MeanStdDevTransformer, LinearScalingTransformer, SimpleTransform add/sub/mul/div)."
                            + " Use KernelSHAP for this model");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isAffine(Transformer t) {
        String name = t.getClass().getName();
        if (name.equals("org.tribuo.transform.transformations.MeanStdDevTransformation$MeanStdDevTransformer")
                || name.equals("org.tribuo.transform.transformations.LinearScalingTransformation$LinearScalingTransformer")) {
            return true;
        }
        if (t instanceof SimpleTransform simple) {
            try {
                String op = simple.serialize().getSerializedData().unpack(SimpleTransformProto.class).getOp();
                return Set.of("add", "sub", "mul", "div").contains(op);
            } catch (InvalidProtocolBufferException e) {
                return false;
            }
        }
        return false;
    }

    /** Feature {@code i}'s value as the linear model sees it (after the transformations; missing handled as Tribuo does). */
    private double transformed(int i, double raw) {
        List<Transformer> list = transforms.get(i);
        if (Double.isNaN(raw)) {
            return densify && list != null ? TransformerMap.applyTransformerList(0.0, list) : 0.0;
        }
        return list == null ? raw : TransformerMap.applyTransformerList(raw, list);
    }

    /** The explained output space: {@link #LOG_ODDS}, {@link #MARGIN} or {@link #PREDICTED_VALUE}. */
    public String outputSpace() {
        return outputSpace;
    }

    /**
     * The explained linear output of a row (rows in {@link FeatureTable#modelFeatures} order, NaN read as 0): the
     * log-odds of the class for a two-class logistic model, else the class margin (or predicted value).
     */
    public double margin(double[] x) {
        double s = bias;
        for (int i = 0; i < weights.length; i++) {
            s += weights[i] * transformed(i, x[i]);
        }
        return s;
    }

    /** The base value {@code w·E[t(x)] + b} ({@code t} = identity for a plain linear model). */
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
            phi[i] = weights[i] * (transformed(i, x[i]) - mean[i]);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("background", backgroundDescription);
        params.put("bias", Double.toString(bias));
        params.put("transformations", transformDescription);
        params.put("assumption", "interventional (features independent), background mean");
        if (LOG_ODDS.equals(outputSpace)) {
            params.put("scale", "log-odds of '" + label + "' = z_" + label + " - z_other (Tribuo's two-class softmax;"
                    + " 2 x z_" + label + " when the class weights are opposite); probability = 1 / (1 + e^-log-odds),"
                    + " per row at the base value (the background mean, not the mean probability) and at the output");
        }
        return new Attribution(features, x, phi, expectedValue(), margin(x), label, outputSpace,
                ExplanationMethod.LINEAR_SHAP, params);
    }
}
