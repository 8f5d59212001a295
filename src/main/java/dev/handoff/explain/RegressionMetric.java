package dev.handoff.explain;

import java.util.List;

/**
 * A score of a regressor's predicted values against the true values, for {@link PermutationImportance}. Permutation
 * importance reports how much the score gets worse when a feature is shuffled: the RMSE <em>increase</em> for
 * {@link #rmse()}, the R² <em>drop</em> for {@link #r2()}, so a positive importance always means "the model needs
 * this feature".
 */
public interface RegressionMetric {

    /** Display name, e.g. {@code "RMSE"}. */
    String name();

    /** Whether a larger score is better (R²) or worse (RMSE). */
    boolean higherIsBetter();

    /** The score of {@code predicted} against {@code truth} (same length, at least one value). */
    double score(double[] truth, double[] predicted);

    /** How much worse {@code shuffled} is than {@code baseline}: positive when the score degrades. */
    default double degradation(double baseline, double shuffled) {
        return higherIsBetter() ? baseline - shuffled : shuffled - baseline;
    }

    /** What the importance measures, e.g. {@code "RMSE increase"}. */
    default String importanceName() {
        return name() + (higherIsBetter() ? " drop" : " increase");
    }

    /** Root mean squared error (lower is better). */
    static RegressionMetric rmse() {
        return new RegressionMetric() {
            @Override
            public String name() {
                return "RMSE";
            }

            @Override
            public boolean higherIsBetter() {
                return false;
            }

            @Override
            public double score(double[] truth, double[] predicted) {
                check(truth, predicted);
                double s = 0;
                for (int i = 0; i < truth.length; i++) {
                    double d = truth[i] - predicted[i];
                    s += d * d;
                }
                return Math.sqrt(s / truth.length);
            }
        };
    }

    /** Coefficient of determination {@code 1 − SS_res / SS_tot} (higher is better; NaN for a constant truth). */
    static RegressionMetric r2() {
        return new RegressionMetric() {
            @Override
            public String name() {
                return "R²";
            }

            @Override
            public boolean higherIsBetter() {
                return true;
            }

            @Override
            public double score(double[] truth, double[] predicted) {
                check(truth, predicted);
                double mean = 0;
                for (double t : truth) {
                    mean += t;
                }
                mean /= truth.length;
                double res = 0;
                double tot = 0;
                for (int i = 0; i < truth.length; i++) {
                    res += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
                    tot += (truth[i] - mean) * (truth[i] - mean);
                }
                return tot == 0 ? Double.NaN : 1 - res / tot;
            }
        };
    }

    /**
     * Parses the true values of a labelled table as numbers.
     *
     * @throws IllegalArgumentException naming the first row whose label is missing or not a number
     */
    static double[] parseTruth(List<String> labels) {
        double[] out = new double[labels.size()];
        for (int r = 0; r < out.length; r++) {
            String v = labels.get(r);
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("Row " + r + " has no value in the label column; a regressor needs"
                        + " a numeric label on every held-out row");
            }
            try {
                out[r] = Double.parseDouble(v.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Row " + r + " has label '" + v + "', which is not a number; a"
                        + " regressor needs a numeric label column");
            }
            if (!Double.isFinite(out[r])) {
                throw new IllegalArgumentException("Row " + r + " has non-finite label '" + v + "'");
            }
        }
        return out;
    }

    private static void check(double[] truth, double[] predicted) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException(truth.length + " true values for " + predicted.length
                    + " predictions");
        }
    }
}
