package dev.handoff.explain;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.List;

/** Bridges Tribuo classifiers and regressors and {@link FeatureTable} rows. */
public final class TribuoFunctions {

    private TribuoFunctions() {
    }

    /**
     * P({@code label}) of a probabilistic Tribuo classifier, rows in {@link FeatureTable#modelFeatures} order.
     *
     * @throws IllegalArgumentException if the model does not generate probabilities or does not know the label
     */
    public static ModelFunction probability(Model<Label> model, String label) {
        requireProbabilities(model, "this explanation");
        requireLabel(model, label);
        List<String> features = FeatureTable.modelFeatures(model);
        return rows -> {
            List<Prediction<Label>> predictions = model.predict(examples(features, rows));
            double[] out = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                Label score = predictions.get(r).getOutputScores().get(label);
                out[r] = score == null ? 0.0 : score.getScore();
            }
            return out;
        };
    }

    /**
     * The predicted value of one output dimension of a Tribuo regressor, rows in {@link FeatureTable#modelFeatures}
     * order.
     *
     * @param dimension the dimension's name, or null for a single-dimension regressor
     * @throws IllegalArgumentException if the dimension is unknown, or null for a multi-dimensional regressor
     */
    public static ModelFunction regression(Model<Regressor> model, String dimension) {
        String dim = requireDimension(model, dimension);
        List<String> features = FeatureTable.modelFeatures(model);
        return rows -> predictedValues(model, dim, features, rows);
    }

    /** The predicted value of {@code dimension} for each row (rows in {@code features} order). */
    static double[] predictedValues(Model<Regressor> model, String dimension, List<String> features,
                                    double[][] rows) {
        List<Prediction<Regressor>> predictions = model.predict(regressionExamples(features, rows));
        double[] out = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = predictions.get(r).getOutput().getDimension(dimension)
                    .orElseThrow(() -> new IllegalStateException("Prediction has no dimension '" + dimension + "'"))
                    .getValue();
        }
        return out;
    }

    /** Whether the model is a Tribuo regressor ({@link Regressor} outputs). */
    public static boolean isRegressor(Model<?> model) {
        return model.validate(Regressor.class);
    }

    /** The output dimension names of a regressor, sorted. */
    public static List<String> dimensions(Model<Regressor> model) {
        List<String> names = new ArrayList<>(List.of(Regressor.extractNames(model.getOutputIDInfo())));
        names.sort(String::compareTo);
        return names;
    }

    /**
     * Resolves the explained dimension of a regressor: the given name if the model has it, the only dimension when
     * {@code dimension} is null.
     *
     * @throws IllegalArgumentException naming the model's dimensions if the name is unknown, or if it is null and the
     *                                  regressor has several dimensions
     */
    public static String requireDimension(Model<Regressor> model, String dimension) {
        List<String> dims = dimensions(model);
        if (dimension == null) {
            if (dims.size() != 1) {
                throw new IllegalArgumentException("Regressor '" + model.getName() + "' predicts " + dims.size()
                        + " dimensions " + dims + "; name the one to explain");
            }
            return dims.get(0);
        }
        if (!dims.contains(dimension)) {
            throw new IllegalArgumentException("Unknown output dimension '" + dimension + "'; the regressor predicts "
                    + dims);
        }
        return dimension;
    }

    /** One Tribuo regression example per row (unknown output); {@code NaN} values are left out. */
    public static List<Example<Regressor>> regressionExamples(List<String> features, double[][] rows) {
        List<Example<Regressor>> out = new ArrayList<>(rows.length);
        String[] names = features.toArray(String[]::new);
        for (double[] row : rows) {
            ArrayExample<Regressor> ex = new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, names.length);
            for (int c = 0; c < names.length; c++) {
                if (!Double.isNaN(row[c])) {
                    ex.add(names[c], row[c]);
                }
            }
            out.add(ex);
        }
        return out;
    }

    /** One Tribuo example per row; {@code NaN} values are left out, i.e. absent features. */
    public static List<Example<Label>> examples(List<String> features, double[][] rows) {
        List<Example<Label>> out = new ArrayList<>(rows.length);
        String[] names = features.toArray(String[]::new);
        for (double[] row : rows) {
            ArrayExample<Label> ex = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names.length);
            for (int c = 0; c < names.length; c++) {
                if (!Double.isNaN(row[c])) {
                    ex.add(names[c], row[c]);
                }
            }
            out.add(ex);
        }
        return out;
    }

    static void requireProbabilities(Model<Label> model, String what) {
        if (!model.generatesProbabilities()) {
            throw new IllegalArgumentException(what + " needs a classifier that generates probabilities; "
                    + model.getClass().getSimpleName() + " '" + model.getName() + "' does not");
        }
    }

    static int requireLabel(Model<Label> model, String label) {
        int id = model.getOutputIDInfo().getID(new Label(label));
        if (id < 0) {
            throw new IllegalArgumentException("Unknown class '" + label + "'; the model predicts "
                    + model.getOutputIDInfo().getDomain());
        }
        return id;
    }
}
