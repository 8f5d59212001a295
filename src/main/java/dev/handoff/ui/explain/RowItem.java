package dev.handoff.ui.explain;

import java.util.Locale;

/**
 * One explained row in the row picker.
 *
 * @param row         row index in the dataset (0-based, header excluded)
 * @param predicted   the model's predicted class
 * @param probability probability of the explained class, {@code NaN} when the model gives none
 * @param actual      the true label, or {@code null} for unlabelled data
 * @param numeric     a regressor's row: {@code predicted} is a value, never "misclassified"
 */
public record RowItem(int row, String predicted, double probability, String actual, boolean numeric) {

    /** A classifier's row. */
    public RowItem(int row, String predicted, double probability, String actual) {
        this(row, predicted, probability, actual, false);
    }

    /** A regressor's row: the predicted value (formatted) and the true value, no probability. */
    public static RowItem numeric(int row, String predicted, String actual) {
        return new RowItem(row, predicted, Double.NaN, actual, true);
    }

    /** Whether the row index, prediction or true label contains {@code query} (case-insensitive; blank matches). */
    public boolean matches(String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String q = query.strip().toLowerCase(Locale.ROOT);
        return Integer.toString(row).contains(q) || predicted.toLowerCase(Locale.ROOT).contains(q)
                || (actual != null && actual.toLowerCase(Locale.ROOT).contains(q));
    }

    /** Whether the predicted class is wrong (unknown for unlabelled rows and not defined for regressors: false). */
    public boolean misclassified() {
        return !numeric && actual != null && !actual.equals(predicted);
    }
}
