package dev.handoff.explain;

import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A higher-is-better score of classifier predictions against true labels, for {@link PermutationImportance}. */
public interface ClassificationMetric {

    /** Display name, e.g. {@code "accuracy"}. */
    String name();

    /** The score of the predictions (same order as {@code truth}). */
    double score(List<String> truth, List<Prediction<Label>> predictions);

    /** Fraction of rows whose predicted class is the true class. */
    static ClassificationMetric accuracy() {
        return new ClassificationMetric() {
            @Override
            public String name() {
                return "accuracy";
            }

            @Override
            public double score(List<String> truth, List<Prediction<Label>> predictions) {
                int hits = 0;
                for (int i = 0; i < truth.size(); i++) {
                    if (truth.get(i).equals(predictions.get(i).getOutput().getLabel())) {
                        hits++;
                    }
                }
                return truth.isEmpty() ? Double.NaN : hits / (double) truth.size();
            }
        };
    }

    /** ROC AUC of the score of {@code positiveClass} (one vs rest), ties counted half. */
    static ClassificationMetric auc(String positiveClass) {
        return new ClassificationMetric() {
            @Override
            public String name() {
                return "AUC(" + positiveClass + ")";
            }

            @Override
            public double score(List<String> truth, List<Prediction<Label>> predictions) {
                return rocAuc(truth, predictions, positiveClass);
            }
        };
    }

    /** Unweighted mean of the one-vs-rest AUCs of the classes present in the truth. */
    static ClassificationMetric macroAuc() {
        return new ClassificationMetric() {
            @Override
            public String name() {
                return "macro AUC";
            }

            @Override
            public double score(List<String> truth, List<Prediction<Label>> predictions) {
                Set<String> classes = new LinkedHashSet<>(truth);
                double sum = 0;
                int n = 0;
                for (String c : classes) {
                    double auc = rocAuc(truth, predictions, c);
                    if (!Double.isNaN(auc)) {
                        sum += auc;
                        n++;
                    }
                }
                return n == 0 ? Double.NaN : sum / n;
            }
        };
    }

    /**
     * Mann–Whitney estimate of the ROC AUC; {@code NaN} when only one class is present.
     *
     * @throws IllegalArgumentException if the predictions carry no score for the class
     */
    private static double rocAuc(List<String> truth, List<Prediction<Label>> predictions, String positive) {
        int n = truth.size();
        double[][] scored = new double[n][2];
        int positives = 0;
        for (int i = 0; i < n; i++) {
            Label score = predictions.get(i).getOutputScores().get(positive);
            if (score == null) {
                throw new IllegalArgumentException("Predictions have no score for class '" + positive + "'");
            }
            scored[i][0] = score.getScore();
            scored[i][1] = truth.get(i).equals(positive) ? 1 : 0;
            positives += (int) scored[i][1];
        }
        int negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Arrays.sort(scored, (a, b) -> Double.compare(a[0], b[0]));
        double rankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scored[j + 1][0] == scored[i][0]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (scored[k][1] == 1) {
                    rankSum += averageRank;
                }
            }
            i = j + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
