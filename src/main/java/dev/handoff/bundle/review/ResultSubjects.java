package dev.handoff.bundle.review;

import dev.handoff.bundle.cohorts.CohortAnalysis;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.explain.Counterfactuals;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.MonotonicityCheck;
import dev.handoff.explain.ReasonCodeTable;
import dev.handoff.explain.ReferenceData;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link SignableResult}s of the results beside an explanation: each names the model and data by SHA-256, the
 * method ({@link ReviewSubject#COHORTS}, {@link ReviewSubject#COUNTERFACTUALS}, {@link ReviewSubject#MONOTONICITY}),
 * every parameter that shaped the result and the result's own {@link ResultDigest}.
 */
public final class ResultSubjects {
    private ResultSubjects() {
    }

    /**
     * A cohort error analysis of {@code model} on a labelled CSV.
     *
     * @param filters the reviewer's cohorts the analysis ran with
     * @param groups  the CSV's text columns offered to filters and the tree
     */
    public static SignableResult cohorts(ModelArtifact model, String dataFile, String dataSha256, String labelColumn,
                                         List<String> filters, List<String> groups, CohortAnalysis analysis) {
        Map<String, String> p = new TreeMap<>();
        p.put("cohorts.labelColumn", labelColumn);
        p.put("cohorts.filters", filters.isEmpty() ? "none" : String.join(" ; ", filters));
        p.put("cohorts.groups", groups.isEmpty() ? "none" : String.join(", ", groups));
        p.put("cohorts.maxDepth", Integer.toString(analysis.maxDepth()));
        p.put("cohorts.minLeaf", Integer.toString(analysis.minLeaf()));
        p.put("cohorts.rows", Long.toString(analysis.overall().n()));
        ReviewSubject base = new ReviewSubject(model.ref(), model.sha256(), dataFile, dataSha256,
                ReviewSubject.COHORTS, analysis.positiveLabel(), "error rate", p, List.of());
        return SignableResult.of(base, analysis);
    }

    /**
     * The counterfactuals of one row, searched over {@code training} with the reason-code table's immutables.
     *
     * @param table the reason-code table (null: none, every used feature was actionable)
     */
    public static SignableResult counterfactuals(ModelArtifact model, String dataFile, String dataSha256,
                                                 Counterfactuals.Options options, ReferenceData training,
                                                 ReasonCodeTable table, Counterfactuals.Result result) {
        Map<String, String> p = new TreeMap<>();
        p.put("counterfactuals.count", Integer.toString(options.count()));
        p.put("counterfactuals.maxChanges", Integer.toString(options.maxChanges()));
        p.put("counterfactuals.gridSize", Integer.toString(options.gridSize()));
        p.put("counterfactuals.beamWidth", Integer.toString(options.beamWidth()));
        p.put("counterfactuals.sparsityPenalty", String.format(Locale.ROOT, "%s", options.sparsityPenalty()));
        p.put("counterfactuals.immutable", result.immutable().isEmpty() ? "none" : String.join(", ", result.immutable()));
        p.put("training", training.source());
        p.put("trainingSha256", training.sha256() == null ? "none" : training.sha256());
        table(p, table == null ? null : table.source(), table == null ? null : table.sha256());
        ReviewSubject base = new ReviewSubject(model.ref(), model.sha256(), dataFile, dataSha256,
                ReviewSubject.COUNTERFACTUALS, result.adverseClass(), "predicted class", p, List.of(result.row()));
        return SignableResult.of(base, result);
    }

    /** The monotonicity verdict of the reason-code table's declared directions on a local explanation's rows. */
    public static SignableResult monotonicity(ModelArtifact model, String dataFile, String dataSha256,
                                              ExplanationReport local, ReferenceData reference,
                                              MonotonicityCheck.Report report) {
        Map<String, String> p = new TreeMap<>();
        p.put("monotonicity.explanation", local.method());
        p.put("monotonicity.ice", Boolean.toString(report.ice()));
        p.put("monotonicity.tolerance", String.format(Locale.ROOT, "%s", report.tolerance()));
        p.put("monotonicity.holds", Boolean.toString(report.holds()));
        p.put("reference", reference.source());
        p.put("referenceSha256", reference.sha256() == null ? "none" : reference.sha256());
        table(p, report.table(), report.tableSha256());
        ReviewSubject base = new ReviewSubject(model.ref(), model.sha256(), dataFile, dataSha256,
                ReviewSubject.MONOTONICITY, report.explainedOutput(), local.outputSpace(), p,
                local.rows().stream().map(ExplanationReport.RowExplanation::row).toList());
        return SignableResult.of(base, report);
    }

    private static void table(Map<String, String> p, String source, String sha256) {
        p.put("reasons.codes", source == null ? "none" : Path.of(source).getFileName().toString());
        p.put("reasons.codesSha256", sha256 == null ? "none" : sha256);
    }
}
