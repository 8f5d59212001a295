package dev.handoff.bundle;

import dev.handoff.bundle.cohorts.CohortAnalysis;
import dev.handoff.bundle.cohorts.CohortData;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.FeatureTable;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code explanations/cohorts.json}: the cohort error analysis of the held-out data ({@link CohortAnalysis}: overall,
 * the worst cohorts of the error tree, and the tree), over the model's features and the sensitive column if any.
 */
public final class CohortsExport {
    /** Where the analysis lives in a bundle. */
    public static final String PATH = BundleLayout.EXPLANATIONS_DIR + "/cohorts.json";
    /** bundle.json {@code omitted} name when the analysis could not be made. */
    public static final String OMITTED = "explanations.cohorts";

    private CohortsExport() {
    }

    /** Adds the analysis of {@code data} (labelled, aligned to the model) to the bundle, or says why it is omitted. */
    static void addTo(BundleWriter writer, Model<Label> model, FeatureTable data, Path heldOutCsv,
                      String sensitiveColumn, String positive, Cancellation cancel) throws IOException {
        try {
            Map<String, List<String>> groups = sensitiveColumn == null ? Map.of()
                    : Map.of(sensitiveColumn, FeatureTable.readColumn(heldOutCsv, sensitiveColumn));
            CohortData cohorts = CohortData.score(model, data, groups, positive);
            writer.explanations("cohorts", CohortAnalysis.run(cohorts, List.of(), CohortAnalysis.DEFAULT_DEPTH,
                    CohortAnalysis.defaultMinLeaf(cohorts.size()), cancel));
        } catch (IllegalArgumentException e) {
            writer.omitted(OMITTED, "no cohort analysis: " + e.getMessage());
        }
    }
}
