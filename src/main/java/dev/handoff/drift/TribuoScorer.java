package dev.handoff.drift;

import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.util.List;

/** Scores rows with a Tribuo classifier; missing feature values are left out of the example (as in training). */
public final class TribuoScorer implements Scorer {
    private final Model<Label> model;
    private final List<String> features;
    private final String positive;

    public TribuoScorer(Model<Label> model, List<String> features, String positive) {
        this.model = model;
        this.features = List.copyOf(features);
        this.positive = positive;
    }

    @Override
    public Scores score(DataTable table) {
        double[][] cols = new double[features.size()][];
        for (int c = 0; c < cols.length; c++) {
            cols[c] = table.numbers(features.get(c));
        }
        double[] p = new double[table.rows()];
        String[] predicted = new String[table.rows()];
        for (int r = 0; r < table.rows(); r++) {
            ArrayExample<Label> ex = new ArrayExample<>(new Label(positive));
            for (int c = 0; c < cols.length; c++) {
                double v = cols[c][r];
                if (!Double.isNaN(v)) {
                    ex.add(features.get(c), v);
                }
            }
            Prediction<Label> pred = model.predict(ex);
            predicted[r] = pred.getOutput().getLabel();
            Label score = pred.getOutputScores().get(positive);
            p[r] = score == null ? Double.NaN : score.getScore();
        }
        return new Scores(p, predicted);
    }
}
