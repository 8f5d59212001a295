package dev.handoff.bundle.cohorts;

import dev.handoff.explain.FeatureTable;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rows cohorts are cut from: numeric feature columns ({@code NaN} = missing), categorical columns such as a
 * sensitive group (text), and for each row the true class, the predicted class and the score of the positive class
 * ({@code NaN} when the model gives no probabilities).
 */
public record CohortData(List<String> numericNames, double[][] rows, Map<String, List<String>> categorical,
                         List<String> truth, List<String> predicted, double[] scores, String positiveLabel) {

    public CohortData {
        numericNames = List.copyOf(numericNames);
        Map<String, List<String>> cats = new LinkedHashMap<>();
        categorical.forEach((k, v) -> cats.put(k, List.copyOf(v)));
        categorical = java.util.Collections.unmodifiableMap(cats);
        Objects.requireNonNull(positiveLabel, "positiveLabel");
        int n = truth.size();
        if (rows.length != n || predicted.size() != n || scores.length != n) {
            throw new IllegalArgumentException("rows, truth, predicted and scores differ in length: " + rows.length
                    + ", " + n + ", " + predicted.size() + ", " + scores.length);
        }
        for (Map.Entry<String, List<String>> e : categorical.entrySet()) {
            if (e.getValue().size() != n) {
                throw new IllegalArgumentException("column '" + e.getKey() + "' has " + e.getValue().size()
                        + " values for " + n + " rows");
            }
            if (numericNames.contains(e.getKey())) {
                throw new IllegalArgumentException("column '" + e.getKey() + "' is both numeric and categorical");
            }
        }
        truth = List.copyOf(truth);
        predicted = List.copyOf(predicted);
        scores = scores.clone();
    }

    /**
     * Scores a labelled table with the model.
     *
     * @param groups categorical columns (e.g. the sensitive attribute) by name, one value per row of {@code data}
     * @throws IllegalArgumentException if the table has no labels
     */
    public static CohortData score(Model<Label> model, FeatureTable data, Map<String, List<String>> groups,
                                   String positiveLabel) {
        if (data.labels().isEmpty()) {
            throw new IllegalArgumentException("cohort analysis needs labelled rows: the data has no label column");
        }
        List<String> features = data.featureNames();
        List<String> predicted = new ArrayList<>(data.numRows());
        double[] scores = new double[data.numRows()];
        Arrays.fill(scores, Double.NaN);
        for (int r = 0; r < data.numRows(); r++) {
            ArrayExample<Label> ex = new ArrayExample<>(new Label(String.valueOf(data.labels().get(r))));
            double[] row = data.row(r);
            for (int c = 0; c < row.length; c++) {
                if (!Double.isNaN(row[c])) {
                    ex.add(features.get(c), row[c]);
                }
            }
            Prediction<Label> p = model.predict(ex);
            predicted.add(p.getOutput().getLabel());
            Label s = p.getOutputScores().get(positiveLabel);
            if (model.generatesProbabilities() && s != null) {
                scores[r] = s.getScore();
            }
        }
        double[][] rows = new double[data.numRows()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = data.row(r);
        }
        return new CohortData(features, rows, groups == null ? Map.of() : groups, data.labels(), predicted, scores,
                positiveLabel);
    }

    public int size() {
        return truth.size();
    }

    /** Whether the model got row {@code r} wrong. */
    public boolean error(int r) {
        return !truth.get(r).equals(predicted.get(r));
    }

    /** Every column a filter may name: numeric first, then categorical. */
    public List<String> columns() {
        List<String> all = new ArrayList<>(numericNames);
        all.addAll(categorical.keySet());
        return all;
    }
}
