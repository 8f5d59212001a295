package dev.handoff.explain;

import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry point for "explain this model on these rows", shared by the CLI, the explainability panel and bundle
 * export: local attributions with any {@link ExplanationMethod} (plus mean |attribution| as global importance), or
 * permutation / model-intrinsic global importance.
 *
 * <p>Classifiers are explained for one class; regressors for the predicted value of one output dimension (the
 * request's {@code label} names the dimension, null = the only one). For regressors {@link Kind#AUTO} picks TreeSHAP
 * (CART), linear SHAP (linear SGD) or KernelSHAP, and {@link Kind#PERMUTATION} reports the RMSE increase.
 */
public final class ExplanationService {

    /** What to compute. */
    public enum Kind { TREE_SHAP, LINEAR_SHAP, KERNEL_SHAP, LIME, PERMUTATION, INTRINSIC, AUTO }

    /**
     * @param kind       method
     * @param label      the class whose output is explained; null = the model's positive-looking label (see {@link #defaultLabel});
     *                   for a regressor the output dimension, null = its only dimension
     * @param rows       row indices of {@code data} to explain (local methods)
     * @param options    explainer tuning
     * @param repeats    permutation repeats
     * @param covers     the training data for CART TreeSHAP's node covers, with its source; null = the explained
     *                   data (recorded as such)
     */
    public record Request(Kind kind, String label, List<Integer> rows, Explainers.Options options, int repeats,
                          ReferenceData covers) {
        public Request {
            rows = List.copyOf(rows);
        }

        /** A request whose CART covers (if any) are the explained data. */
        public Request(Kind kind, String label, List<Integer> rows, Explainers.Options options, int repeats) {
            this(kind, label, rows, options, repeats, null);
        }

        /** This request with {@code covers} as the training data for node covers. */
        public Request withCovers(ReferenceData covers) {
            return new Request(kind, label, rows, options, repeats, covers);
        }
    }

    private ExplanationService() {
    }

    /** The class explained by default: "yes", "1", "true" or "positive" when the model has it, else the first label. */
    public static String defaultLabel(Model<Label> model) {
        List<String> labels = new ArrayList<>();
        model.getOutputIDInfo().getDomain().forEach(l -> labels.add(l.getLabel()));
        for (String preferred : List.of("yes", "1", "true", "positive", "default")) {
            for (String l : labels) {
                if (l.equalsIgnoreCase(preferred)) {
                    return l;
                }
            }
        }
        labels.sort(String::compareTo);
        return labels.get(0);
    }

    /**
     * The output explained by default: {@link #defaultLabel} for a classifier, the only dimension of a regressor.
     *
     * @throws IllegalArgumentException for a multi-dimensional regressor (the dimension must be named) or a model
     *                                  that is neither
     */
    @SuppressWarnings("unchecked")
    public static String defaultOutput(Model<?> model) {
        if (TribuoFunctions.isRegressor(model)) {
            return TribuoFunctions.requireDimension((Model<Regressor>) model, null);
        }
        if (model.validate(Label.class)) {
            return defaultLabel((Model<Label>) model);
        }
        throw new IllegalArgumentException(unsupportedModel(model));
    }

    private static String unsupportedModel(Model<?> model) {
        return model.getClass().getSimpleName() + " '" + model.getName() + "' is neither a classifier (Label) nor a"
                + " regressor (Regressor); explanations need one of them";
    }

    /**
     * Whether {@code kind} on {@code model} is TreeSHAP with node covers counted on reference rows (CART trees and
     * their ensembles; XGBoost keeps its own covers): then the request's {@link Request#covers} should be the
     * training data.
     */
    public static boolean needsCovers(Model<?> model, Kind kind) {
        if (!countsCovers(model)) {
            return false;
        }
        if (kind == Kind.TREE_SHAP) {
            return true;
        }
        if (kind != Kind.AUTO) {
            return false;
        }
        List<ExplanationMethod> supported = Explainers.supported(model);
        return !supported.isEmpty() && supported.get(0) == ExplanationMethod.TREE_SHAP;
    }

    /** Whether TreeSHAP applies to {@code model} with covers counted on reference rows (CART, not XGBoost). */
    public static boolean countsCovers(Model<?> model) {
        return !(model instanceof org.tribuo.common.xgboost.XGBoostModel)
                && Explainers.supported(model).contains(ExplanationMethod.TREE_SHAP);
    }

    /**
     * Runs the request. {@code data} columns are aligned to the model's features (extra columns must have been dropped
     * by the caller; missing ones are an error naming them).
     *
     * @throws IllegalArgumentException if the model is neither a classifier nor a regressor, the method does not
     *                                  apply, or the data does not fit
     */
    @SuppressWarnings("unchecked")
    public static ExplanationReport run(Model<?> anyModel, FeatureTable data, Request request,
                                        ProgressListener progress, Cancellation cancellation) {
        if (TribuoFunctions.isRegressor(anyModel)) {
            return runRegression((Model<Regressor>) anyModel, data, request, progress, cancellation);
        }
        if (!anyModel.validate(Label.class)) {
            throw new IllegalArgumentException(unsupportedModel(anyModel));
        }
        Model<Label> model = (Model<Label>) anyModel;
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable table = data.alignTo(features);
        String label = request.label() == null ? defaultLabel(model) : request.label();
        TribuoFunctions.requireLabel(model, label);
        Kind kind = request.kind();
        if (kind == Kind.AUTO) {
            List<ExplanationMethod> supported = Explainers.supported(model);
            if (supported.isEmpty()) {
                throw new IllegalArgumentException("No explanation method supports " + model.getClass().getSimpleName()
                        + " '" + model.getName() + "'");
            }
            kind = Kind.valueOf(supported.get(0).name());
        }
        Map<String, String> params = requestParameters(model, kind, table, request);
        if (kind == Kind.PERMUTATION) {
            if (table.labels().isEmpty()) {
                throw new IllegalArgumentException("Permutation importance needs labelled data: give the label column");
            }
            FeatureImportance fi = new PermutationImportance(ClassificationMetric.accuracy(), request.repeats(),
                    request.options().seed(), Math.max(1, Runtime.getRuntime().availableProcessors()))
                    .compute(model, table, progress, cancellation);
            params.put("repeats", Integer.toString(request.repeats()));
            params.put("metric", "accuracy");
            return new ExplanationReport(model.getName(), model.getClass().getName(), "PERMUTATION", label, "accuracy drop",
                    params, List.of(), List.of(fi), null);
        }
        if (kind == Kind.INTRINSIC) {
            List<FeatureImportance> out = new ArrayList<>();
            for (String output : IntrinsicImportance.outputs(model)) {
                out.add(IntrinsicImportance.topFeatures(model, output));
            }
            return new ExplanationReport(model.getName(), model.getClass().getName(), "INTRINSIC", label, "model-intrinsic",
                    params, List.of(), out, null);
        }
        ExplanationMethod method = ExplanationMethod.valueOf(kind.name());
        LocalExplainer explainer = Explainers.create(method, model, label, table, coversTable(table, request),
                request.options());
        return explainRows(model, method, label, explainer, table, request, params, progress, cancellation,
                r -> model.predict(TribuoFunctions.examples(features, new double[][]{table.row(r)}).get(0))
                        .getOutput().getLabel(),
                attributions -> attributions.isEmpty() ? "" : attributions.get(0).outputSpace());
    }

    /**
     * What the method ran with, as a reviewer must be able to name it: the seed, and per method the background
     * summary (KernelSHAP, linear SHAP), the sampling budget (KernelSHAP, LIME), where TreeSHAP's node covers come
     * from, and the permutation repeats. The explainers add what they derive (e.g. trees, nsamples).
     */
    static Map<String, String> requestParameters(Model<?> model, Kind kind, FeatureTable table, Request request) {
        Map<String, String> params = new LinkedHashMap<>();
        Explainers.Options options = request.options();
        params.put("seed", Long.toString(options.seed()));
        switch (kind) {
            case TREE_SHAP -> {
                if (model instanceof org.tribuo.common.xgboost.XGBoostModel) {
                    params.put("covers", "model (XGBoost hessian sums)");
                } else {
                    ReferenceData covers = request.covers();
                    params.put("covers", covers == null ? "the explained data" : covers.source());
                    params.put("coversRows", Integer.toString(covers == null ? table.numRows() : covers.table().numRows()));
                    if (covers != null && covers.sha256() != null) {
                        params.put("coversSha256", covers.sha256());
                    }
                }
            }
            case LINEAR_SHAP -> params.put("background", "k-means, k=" + options.backgroundClusters() + " of "
                    + table.numRows() + " rows");
            case KERNEL_SHAP -> {
                params.put("background", "k-means, k=" + options.backgroundClusters() + " of " + table.numRows()
                        + " rows");
                params.put("samples", options.kernelSamples() <= 0 ? "auto" : Integer.toString(options.kernelSamples()));
            }
            case LIME -> params.put("samples", Integer.toString(options.limeSamples()));
            case PERMUTATION -> params.put("repeats", Integer.toString(request.repeats()));
            default -> { }
        }
        return params;
    }

    /** The rows CART covers are counted on: the request's training data, else the explained data. */
    private static FeatureTable coversTable(FeatureTable explained, Request request) {
        return request.covers() == null ? explained : request.covers().table();
    }

    private static ExplanationReport runRegression(Model<Regressor> model, FeatureTable data, Request request,
                                                   ProgressListener progress, Cancellation cancellation) {
        List<String> features = FeatureTable.modelFeatures(model);
        FeatureTable table = data.alignTo(features);
        String dim = TribuoFunctions.requireDimension(model, request.label());
        Kind kind = request.kind();
        if (kind == Kind.AUTO) {
            kind = Kind.valueOf(Explainers.supported(model).get(0).name());
        }
        Map<String, String> params = requestParameters(model, kind, table, request);
        if (kind == Kind.PERMUTATION) {
            if (table.labels().isEmpty()) {
                throw new IllegalArgumentException("Permutation importance needs labelled data: give the label column"
                        + " holding the true values of '" + dim + "'");
            }
            RegressionMetric metric = RegressionMetric.rmse();
            FeatureImportance fi = new PermutationImportance(metric, request.repeats(), request.options().seed(),
                    Math.max(1, Runtime.getRuntime().availableProcessors()))
                    .computeRegression(model, dim, table, progress, cancellation);
            params.put("repeats", Integer.toString(request.repeats()));
            params.put("metric", metric.name());
            return new ExplanationReport(model.getName(), model.getClass().getName(), "PERMUTATION", dim,
                    metric.importanceName(), params, List.of(), List.of(fi), null);
        }
        if (kind == Kind.INTRINSIC) {
            List<FeatureImportance> out = new ArrayList<>();
            for (String output : IntrinsicImportance.outputs(model)) {
                out.add(IntrinsicImportance.topFeatures(model, output));
            }
            return new ExplanationReport(model.getName(), model.getClass().getName(), "INTRINSIC", dim,
                    "model-intrinsic", params, List.of(), out, null);
        }
        ExplanationMethod method = ExplanationMethod.valueOf(kind.name());
        LocalExplainer explainer = Explainers.createForRegressor(method, model, dim, table,
                coversTable(table, request), request.options());
        return explainRows(model, method, dim, explainer, table, request, params, progress, cancellation,
                r -> Double.toString(TribuoFunctions.predictedValues(model, dim, features,
                        new double[][]{table.row(r)})[0]),
                attributions -> TribuoTrees.PREDICTED_VALUE);
    }

    /**
     * Explains each requested row (cancellable, with progress), and summarises: the parameters of the method, the
     * mean |attribution| per feature as global importance, the largest additivity residual.
     */
    private static ExplanationReport explainRows(Model<?> model, ExplanationMethod method, String output,
                                                 LocalExplainer explainer, FeatureTable table, Request request,
                                                 Map<String, String> params, ProgressListener progress,
                                                 Cancellation cancellation,
                                                 java.util.function.IntFunction<String> predicted,
                                                 java.util.function.Function<List<Attribution>, String> space) {
        List<ExplanationReport.RowExplanation> rows = new ArrayList<>();
        List<Attribution> attributions = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        double maxResidual = Double.NaN;
        int done = 0;
        for (int r : request.rows()) {
            cancellation.check();
            if (r < 0 || r >= table.numRows()) {
                throw new IllegalArgumentException("Row " + r + " is out of range: the data has " + table.numRows()
                        + " rows");
            }
            Attribution a = explainer.explain(table.row(r), ProgressListener.NONE, cancellation);
            attributions.add(a);
            indices.add(r);
            double res = a.additivityResidual();
            if (!Double.isNaN(res)) {
                maxResidual = Double.isNaN(maxResidual) ? res : Math.max(maxResidual, res);
            }
            progress.progress(++done, request.rows().size(), "Explained row " + r);
        }
        // Settings every row shares are the run's parameters; what a row's explainer found about that row (LIME's
        // surrogate fit, KernelSHAP's coalitions for its varying features) stays with the row.
        Map<String, String> shared = ExplanationReport.sharedParameters(attributions);
        params.putAll(shared);
        for (int i = 0; i < attributions.size(); i++) {
            int r = indices.get(i);
            Attribution a = attributions.get(i);
            String actual = table.labels().isEmpty() ? null : table.labels().get(r);
            Map<String, String> own = new LinkedHashMap<>(a.parameters());
            own.keySet().removeAll(shared.keySet());
            rows.add(ExplanationReport.row(r, predicted.apply(r), actual, a, own));
        }
        List<FeatureImportance> global = attributions.isEmpty() ? List.of()
                : List.of(FeatureImportance.meanAbsolute(attributions));
        return new ExplanationReport(model.getName(), model.getClass().getName(), method.name(), output,
                space.apply(attributions), params, rows, global, Double.isNaN(maxResidual) ? null : maxResidual);
    }
}
