package dev.handoff.explain;

import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses and builds {@link LocalExplainer}s for Tribuo classifiers: exact TreeSHAP for CART, XGBoost and
 * probability-averaging CART ensembles, exact linear SHAP for {@link LinearSGDModel} (also inside a
 * {@link org.tribuo.transform.TransformedModel} with affine per-feature transformations), KernelSHAP and LIME for any
 * classifier that produces probabilities. For a tree ensemble TreeSHAP is offered but {@link #create} refuses it if
 * the ensemble turns out to vote rather than average (see {@link TribuoTrees#averagedForest}).
 *
 * <p>Regressors ({@code Model<Regressor>}) are explained on the predicted value of one output dimension: TreeSHAP for
 * CART regression trees, linear SHAP for linear SGD regressors, KernelSHAP for any regressor. LIME (Tribuo's
 * {@code LIMEColumnar}) is classification-only. XGBoost regressors are not translated for TreeSHAP
 * ({@code tribuo-regression-xgboost} is not a dependency); KernelSHAP covers them.
 */
public final class Explainers {

    /**
     * Tuning shared by the explainers.
     *
     * @param backgroundClusters k of the k-means background summary (KernelSHAP, linear SHAP)
     * @param kernelSamples      KernelSHAP coalition budget; {@code <= 0} = {@code 2M + 2048}
     * @param limeSamples        samples LIME draws around a row
     * @param seed               seed for k-means, coalition sampling and LIME
     */
    public record Options(int backgroundClusters, int kernelSamples, int limeSamples, long seed) {
        /** 20 background clusters, default KernelSHAP budget, 1000 LIME samples, seed 42. */
        public static final Options DEFAULTS = new Options(20, 0, LimeExplainer.DEFAULT_SAMPLES, 42L);
    }

    private Explainers() {
    }

    /** The methods applicable to a model, the exact ones first. */
    @SuppressWarnings("unchecked")
    public static List<ExplanationMethod> supported(Model<?> model) {
        List<ExplanationMethod> out = new ArrayList<>();
        if (TribuoFunctions.isRegressor(model)) {
            if (TribuoTrees.supportsRegression((Model<Regressor>) model)) {
                out.add(ExplanationMethod.TREE_SHAP);
            }
            if (LinearShap.unsupportedReason(model).isEmpty()) {
                out.add(ExplanationMethod.LINEAR_SHAP);
            }
            out.add(ExplanationMethod.KERNEL_SHAP);
            return out;
        }
        if (!model.validate(Label.class)) {
            return out;
        }
        @SuppressWarnings("unchecked")
        Model<Label> classifier = (Model<Label>) model;
        if (TribuoTrees.supports(classifier)) {
            out.add(ExplanationMethod.TREE_SHAP);
        }
        if (LinearShap.unsupportedReason(model).isEmpty()) {
            out.add(ExplanationMethod.LINEAR_SHAP);
        }
        if (model.generatesProbabilities()) {
            out.add(ExplanationMethod.KERNEL_SHAP);
            out.add(ExplanationMethod.LIME);
        }
        return out;
    }

    /** The first (most exact) supported method's explainer. */
    public static LocalExplainer best(Model<Label> model, String label, FeatureTable reference, Options options) {
        List<ExplanationMethod> methods = supported(model);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("No explanation method supports " + model.getClass().getSimpleName()
                    + " '" + model.getName() + "' (it is not a tree, not linear and has no probabilities)");
        }
        return create(methods.get(0), model, label, reference, options);
    }

    /**
     * Builds an explainer.
     *
     * @param reference training or held-out rows: CART covers (TreeSHAP) and the background (KernelSHAP, linear
     *                  SHAP); columns must match the model's features
     * @throws IllegalArgumentException if the method does not apply to the model, the label is unknown or the
     *                                  reference columns do not match
     */
    public static LocalExplainer create(ExplanationMethod method, Model<Label> model, String label,
                                        FeatureTable reference, Options options) {
        return create(method, model, label, reference, reference, options);
    }

    /**
     * Builds an explainer whose CART covers (TreeSHAP) are counted on {@code coverData}, ideally the training data,
     * and whose background (KernelSHAP, linear SHAP) summarises {@code reference}.
     */
    public static LocalExplainer create(ExplanationMethod method, Model<Label> model, String label,
                                        FeatureTable reference, FeatureTable coverData, Options options) {
        if (TribuoFunctions.isRegressor(model)) {
            throw new IllegalArgumentException("'" + model.getName() + "' is a regressor: use createForRegressor");
        }
        if (method == ExplanationMethod.LINEAR_SHAP && model.validate(Label.class)) {
            LinearShap.unsupportedReason(model).ifPresent(reason -> {
                throw new IllegalArgumentException("LINEAR_SHAP does not apply: " + reason);
            });
        }
        if (!supported(model).contains(method)) {
            boolean needsProbabilities = method == ExplanationMethod.KERNEL_SHAP || method == ExplanationMethod.LIME;
            String why = !model.validate(Label.class) ? " (it is not a classifier)"
                    : needsProbabilities && !model.generatesProbabilities() ? " (it does not generate probabilities)"
                    : "";
            throw new IllegalArgumentException(method + " does not apply to " + model.getClass().getSimpleName()
                    + " '" + model.getName() + "'" + why + "; supported: " + supported(model));
        }
        TribuoFunctions.requireLabel(model, label);
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable data = reference.alignTo(features);
        return switch (method) {
            case TREE_SHAP -> {
                TreeShap shap = new TreeShap(TribuoTrees.of(model, label, coverData.alignTo(features)));
                yield of(method, features, (x, p, c) -> shap.explain(x, label));
            }
            case LINEAR_SHAP -> {
                LinearShap shap = LinearShap.of(model, label,
                        Background.kMeans(data, options.backgroundClusters(), options.seed()));
                yield of(method, features, (x, p, c) -> shap.explain(x));
            }
            case KERNEL_SHAP -> {
                KernelShap shap = new KernelShap(TribuoFunctions.probability(model, label),
                        Background.kMeans(data, options.backgroundClusters(), options.seed()),
                        options.kernelSamples(), options.seed());
                yield of(method, features, (x, p, c) -> shap.explain(x, label, "probability", p, c));
            }
            case LIME -> {
                LimeExplainer lime = LimeExplainer.of(model, options.limeSamples(), options.seed(), 0);
                yield of(method, features, (x, p, c) -> {
                    c.check();
                    return lime.explain(x, label);
                });
            }
        };
    }

    /**
     * Builds an explainer of one output dimension of a regressor; the explained output is the predicted value.
     *
     * @param dimension the dimension to explain, or null for a single-dimension regressor
     * @param reference training or held-out rows: CART covers (TreeSHAP) and the background (KernelSHAP, linear
     *                  SHAP); columns must match the model's features
     * @throws IllegalArgumentException if the method does not apply (LIME never does), the dimension is unknown or
     *                                  ambiguous, or the reference columns do not match
     */
    public static LocalExplainer createForRegressor(ExplanationMethod method, Model<Regressor> model, String dimension,
                                                    FeatureTable reference, Options options) {
        return createForRegressor(method, model, dimension, reference, reference, options);
    }

    /** As {@link #createForRegressor(ExplanationMethod, Model, String, FeatureTable, Options)}, CART covers from {@code coverData}. */
    public static LocalExplainer createForRegressor(ExplanationMethod method, Model<Regressor> model, String dimension,
                                                    FeatureTable reference, FeatureTable coverData, Options options) {
        if (!TribuoFunctions.isRegressor(model)) {
            throw new IllegalArgumentException("'" + model.getName() + "' is not a regressor");
        }
        if (method == ExplanationMethod.LIME) {
            throw new IllegalArgumentException("LIME does not apply to regressor " + model.getClass().getSimpleName()
                    + " '" + model.getName() + "': Tribuo's LIME explains classifiers with probabilities only;"
                    + " supported: " + supported(model));
        }
        if (method == ExplanationMethod.LINEAR_SHAP) {
            LinearShap.unsupportedReason(model).ifPresent(reason -> {
                throw new IllegalArgumentException("LINEAR_SHAP does not apply: " + reason);
            });
        }
        if (!supported(model).contains(method)) {
            throw new IllegalArgumentException(method + " does not apply to regressor "
                    + model.getClass().getSimpleName() + " '" + model.getName() + "'; supported: " + supported(model));
        }
        String dim = TribuoFunctions.requireDimension(model, dimension);
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable data = reference.alignTo(features);
        return switch (method) {
            case TREE_SHAP -> {
                TreeShap shap = new TreeShap(TribuoTrees.regressionCart((TreeModel<Regressor>) model, dim,
                        coverData.alignTo(features)));
                yield of(method, features, (x, p, c) -> shap.explain(x, dim));
            }
            case LINEAR_SHAP -> {
                LinearShap shap = LinearShap.ofRegressor(model, dim,
                        Background.kMeans(data, options.backgroundClusters(), options.seed()));
                yield of(method, features, (x, p, c) -> shap.explain(x));
            }
            case KERNEL_SHAP -> {
                KernelShap shap = new KernelShap(TribuoFunctions.regression(model, dim),
                        Background.kMeans(data, options.backgroundClusters(), options.seed()),
                        options.kernelSamples(), options.seed());
                yield of(method, features, (x, p, c) -> shap.explain(x, dim, TribuoTrees.PREDICTED_VALUE, p, c));
            }
            case LIME -> throw new AssertionError("checked above");
        };
    }

    /** The per-row computation of an explainer. */
    @FunctionalInterface
    private interface RowExplanation {
        Attribution explain(double[] row, ProgressListener progress, Cancellation cancellation);
    }

    private static LocalExplainer of(ExplanationMethod method, List<String> features, RowExplanation body) {
        List<String> names = List.copyOf(features);
        return new LocalExplainer() {
            @Override
            public ExplanationMethod method() {
                return method;
            }

            @Override
            public List<String> featureNames() {
                return names;
            }

            @Override
            public Attribution explain(double[] row, ProgressListener progress, Cancellation cancellation) {
                if (row.length != names.size()) {
                    throw new IllegalArgumentException("Row has " + row.length + " values, the model has "
                            + names.size() + " features " + names);
                }
                return body.explain(row, progress, cancellation);
            }

            @Override
            public String toString() {
                return method + " explainer over " + names;
            }
        };
    }
}
