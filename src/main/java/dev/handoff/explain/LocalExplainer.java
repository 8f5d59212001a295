package dev.handoff.explain;

import java.util.ArrayList;
import java.util.List;

/** Explains single rows of one model output; made by {@link Explainers}. Implementations are thread-safe. */
public interface LocalExplainer {

    /** The method this explainer uses. */
    ExplanationMethod method();

    /** The feature order rows must follow (the model's features). */
    List<String> featureNames();

    /** Explains one row ({@code NaN} = missing). */
    Attribution explain(double[] row, ProgressListener progress, Cancellation cancellation);

    /** Explains one row without progress reporting. */
    default Attribution explain(double[] row) {
        return explain(row, ProgressListener.NONE, Cancellation.NONE);
    }

    /**
     * Explains every row of a table (aligned to {@link #featureNames()} first), reporting one unit per row.
     *
     * @throws java.util.concurrent.CancellationException if cancelled or interrupted
     */
    default List<Attribution> explainAll(FeatureTable table, ProgressListener progress, Cancellation cancellation) {
        FeatureTable aligned = table.alignTo(featureNames());
        List<Attribution> out = new ArrayList<>(aligned.numRows());
        for (int r = 0; r < aligned.numRows(); r++) {
            cancellation.check();
            out.add(explain(aligned.row(r), ProgressListener.NONE, cancellation));
            progress.progress(r + 1, aligned.numRows(), "Explaining row " + (r + 1));
        }
        return out;
    }
}
