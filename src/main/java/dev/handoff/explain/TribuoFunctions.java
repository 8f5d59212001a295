package dev.handoff.explain;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.List;

/** Bridges Tribuo classifiers and {@link FeatureTable} rows. */
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
