package dev.handoff.explain;

import java.util.Objects;

/**
 * The rows an explainer takes as "the data the model was trained on", with where they came from: the node covers of
 * CART trees for TreeSHAP (how many training rows reached each node). Recorded in the report as {@code covers}
 * (this {@link #source}), {@code coversRows} and, for a file, {@code coversSha256}, as KernelSHAP records its
 * background.
 *
 * @param table  the rows (columns are aligned to the model's features by the explainer)
 * @param source where the rows come from, e.g. {@code "training data: run artifact data/train.csv"}
 * @param sha256 hex SHA-256 of the file the rows were read from, or null
 */
public record ReferenceData(FeatureTable table, String source, String sha256) {
    public ReferenceData {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(source, "source");
        if (table.numRows() == 0) {
            throw new IllegalArgumentException(source + ": no rows");
        }
    }

    /** The explained rows themselves, named so the report says the covers are not the training data. */
    public static ReferenceData explainedData(FeatureTable table, String name, String sha256) {
        return new ReferenceData(table, "the explained data" + (name == null ? "" : " " + name)
                + " (no training data found: the covers follow whatever is explained)", sha256);
    }
}
