package dev.handoff.explain;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.SparseModel;
import org.tribuo.SparseTrainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.explanations.lime.LIMEColumnar;
import org.tribuo.classification.explanations.lime.LIMEExplanation;
import org.tribuo.data.columnar.FieldProcessor;
import org.tribuo.data.columnar.RowProcessor;
import org.tribuo.data.columnar.processors.field.DoubleFieldProcessor;
import org.tribuo.data.columnar.processors.response.FieldResponseProcessor;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.slm.LARSLassoTrainer;
import org.tribuo.util.tokens.impl.BreakIteratorTokenizer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * LIME (Ribeiro et al. 2016) through Tribuo's {@code LIMEColumnar}, wrapped into {@link Attribution}s.
 *
 * <p>Tribuo samples around the row (Gaussian per real feature, scaled by the training variance), labels the samples
 * with the model's class probabilities, weights them by an RBF kernel of fixed width and fits a sparse linear
 * surrogate (LARS-lasso). This wrapper reads the surrogate's per-unit coefficient of each feature by probing it and
 * reports {@code coefficient × value} as the attribution, the surrogate's intercept as base value and the model's
 * probability as output. The surrogate is only locally faithful, so {@link Attribution#additivityResidual()} is
 * {@code NaN}; the surrogate's own prediction and RMSE are in the parameters.
 *
 * <p>Two entry points, both on {@code LIMEColumnar}: {@link #of} explains {@link FeatureTable} rows of any
 * probabilistic classifier — each row becomes a map of column → value text, read by a {@link RowProcessor} with one
 * {@code DoubleFieldProcessor} per model feature; since {@code LIMEColumnar} only accepts models whose features are
 * named {@code column@...}, the model is seen through a {@link ColumnarNamedModel} that maps {@code income@value}
 * back to {@code income}. {@link #columnar} explains raw column values of a model that was itself trained through a
 * {@link RowProcessor}.
 */
public final class LimeExplainer {

    /** Default number of samples drawn around each row. */
    public static final int DEFAULT_SAMPLES = 1000;

    /** The response column of the row processor {@link #of} builds; never a feature. */
    private static final String RESPONSE_FIELD = "__handoff_explained_label__";

    private final Model<Label> model;
    private final LIMEColumnar lime;
    private final List<String> features;
    /** The surrogate's feature name for each of {@link #features}. */
    private final List<String> surrogateFeatures;
    /** For {@link #of}: rows are fed as column texts; {@code false} for {@link #columnar}. */
    private final boolean tabular;
    private final int numSamples;
    private final long seed;
    private final int maxFeatures;

    private LimeExplainer(Model<Label> model, LIMEColumnar lime, boolean tabular, int numSamples, long seed,
                          int maxFeatures) {
        this.model = model;
        this.lime = lime;
        this.features = FeatureTable.modelFeatures(model);
        this.surrogateFeatures = tabular ? features.stream().map(ColumnarNamedModel::columnarName).toList() : features;
        this.tabular = tabular;
        this.numSamples = numSamples;
        this.seed = seed;
        this.maxFeatures = maxFeatures;
    }

    /**
     * LIME over {@link FeatureTable} rows (columns in {@link FeatureTable#modelFeatures} order), through
     * {@code LIMEColumnar} with a row processor of the model's numeric columns.
     *
     * @param maxFeatures how many features the lasso surrogate may select; {@code <= 0} means all of them
     * @throws IllegalArgumentException for regression models or classifiers without probabilities
     */
    public static LimeExplainer of(Model<?> model, int numSamples, long seed, int maxFeatures) {
        Model<Label> classifier = requireProbabilisticClassifier(model);
        int k = maxFeatures > 0 ? maxFeatures : classifier.getFeatureIDMap().size();
        Map<String, FieldProcessor> fields = new LinkedHashMap<>();
        for (String f : FeatureTable.modelFeatures(classifier)) {
            fields.put(f, new DoubleFieldProcessor(f));
        }
        RowProcessor<Label> rows = new RowProcessor<>(
                new FieldResponseProcessor<>(RESPONSE_FIELD, "", new LabelFactory()), fields);
        LIMEColumnar lime = new LIMEColumnar(new SplittableRandom(seed), new ColumnarNamedModel(classifier),
                surrogate(k), numSamples, rows, new BreakIteratorTokenizer(Locale.ROOT));
        return new LimeExplainer(classifier, lime, true, numSamples, seed, k);
    }

    /**
     * LIME over raw column values via Tribuo's {@code LIMEColumnar}; the model must have been trained on examples
     * produced by {@code rowProcessor} (feature names {@code column@...}) and the processor may not use feature
     * processors (a Tribuo restriction).
     */
    public static LimeExplainer columnar(Model<?> model, RowProcessor<Label> rowProcessor, int numSamples, long seed,
                                         int maxFeatures) {
        Model<Label> classifier = requireProbabilisticClassifier(model);
        int k = maxFeatures > 0 ? maxFeatures : classifier.getFeatureIDMap().size();
        LIMEColumnar lime = new LIMEColumnar(new SplittableRandom(seed), classifier, surrogate(k), numSamples,
                rowProcessor, new BreakIteratorTokenizer(Locale.ROOT));
        return new LimeExplainer(classifier, lime, false, numSamples, seed, k);
    }

    @SuppressWarnings("unchecked")
    private static Model<Label> requireProbabilisticClassifier(Model<?> model) {
        if (!model.validate(Label.class)) {
            throw new IllegalArgumentException("LIME explains classifiers only; '" + model.getName() + "' ("
                    + model.getClass().getSimpleName() + ") predicts "
                    + model.getOutputIDInfo().getDomain().iterator().next().getClass().getSimpleName() + " outputs");
        }
        Model<Label> classifier = (Model<Label>) model;
        TribuoFunctions.requireProbabilities(classifier, "LIME");
        return classifier;
    }

    private static SparseTrainer<Regressor> surrogate(int maxFeatures) {
        return new LARSLassoTrainer(maxFeatures);
    }

    /**
     * Explains a row given in {@link FeatureTable#modelFeatures} order ({@code NaN} = absent); only for explainers
     * made by {@link #of}.
     */
    public Attribution explain(double[] x, String label) {
        if (!tabular) {
            throw new IllegalStateException("This explainer reads raw column rows (LimeExplainer.columnar): "
                    + "call explain(Map, label)");
        }
        if (x.length != features.size()) {
            throw new IllegalArgumentException("Row has " + x.length + " values, the model has " + features.size()
                    + " features " + features);
        }
        TribuoFunctions.requireLabel(model, label);
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i])) {
                row.put(features.get(i), Double.toString(x[i]));
            }
        }
        LIMEExplanation explanation = lime.explain(row);
        return toAttribution(explanation, x, label);
    }

    /**
     * Explains a row of raw column values; only for explainers made by {@link #columnar}.
     *
     * @param row column name → raw string value, as the row processor reads it
     */
    public Attribution explain(Map<String, String> row, String label) {
        if (tabular) {
            throw new IllegalStateException("Raw column rows need an explainer made with LimeExplainer.columnar");
        }
        TribuoFunctions.requireLabel(model, label);
        LIMEExplanation explanation = lime.explain(row);
        Example<Label> example = explanation.getPrediction().getExample();
        double[] x = FeatureTable.fromExamples(List.of(example), features).row(0);
        return toAttribution(explanation, x, label);
    }

    private Attribution toAttribution(LIMEExplanation explanation, double[] x, String label) {
        SparseModel<Regressor> surrogate = explanation.getModel();
        double at = surrogateOutput(surrogate, x, label);
        double[] coefficients = new double[x.length];
        double[] contributions = new double[x.length];
        double intercept = at;
        for (int i = 0; i < x.length; i++) {
            double[] shifted = x.clone();
            shifted[i] = (Double.isNaN(x[i]) ? 0.0 : x[i]) + 1.0;
            coefficients[i] = surrogateOutput(surrogate, shifted, label) - at;
            double value = Double.isNaN(x[i]) ? 0.0 : x[i];
            contributions[i] = coefficients[i] * value;
            intercept -= contributions[i];
        }
        Prediction<Label> prediction = explanation.getPrediction();
        Label score = prediction.getOutputScores().get(label);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("implementation", "Tribuo LIMEColumnar");
        params.put("input", tabular ? "numeric columns via DoubleFieldProcessor" : "the model's own row processor");
        params.put("samples", Integer.toString(numSamples));
        params.put("seed", Long.toString(seed));
        params.put("surrogate", "LARS-lasso, at most " + maxFeatures + " features");
        params.put("values", "surrogate coefficient x feature value");
        params.put("surrogatePrediction", Double.toString(at));
        params.put("surrogateRMSE", Double.toString(explanation.getRMSE(label)));
        params.put("activeFeatures", explanation.getActiveFeatures().stream()
                .map(f -> tabular ? ColumnarNamedModel.plainName(f) : f).collect(Collectors.joining(",")));
        for (int i = 0; i < x.length; i++) {
            params.put("coefficient." + features.get(i), Double.toString(coefficients[i]));
        }
        return new Attribution(features, x, contributions, intercept, score == null ? 0.0 : score.getScore(), label,
                "probability", ExplanationMethod.LIME, params);
    }

    private double surrogateOutput(SparseModel<Regressor> surrogate, double[] x, String label) {
        ArrayExample<Regressor> ex = new ArrayExample<>(new Regressor(label, Double.NaN));
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i])) {
                ex.add(surrogateFeatures.get(i), x[i]);
            }
        }
        Regressor out = surrogate.predict(ex).getOutput();
        String[] names = out.getNames();
        double[] values = out.getValues();
        for (int d = 0; d < names.length; d++) {
            if (names[d].equals(label)) {
                return values[d];
            }
        }
        throw new IllegalStateException("LIME surrogate has no output for class '" + label + "'");
    }
}
