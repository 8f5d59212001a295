package dev.handoff.ui.explain;

import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.explain.ExplanationReport;

import java.util.List;
import java.util.Objects;

/**
 * One finished explanation as the view shows it: the model it was computed from, the report, the row picker's rows
 * the {@link ReviewSubject} a sign-off of it records, and the principal reasons and counterfactual inputs
 * ({@code decisions}, null for a regressor or a global method; the subject names their reason-code table). All come
 * from the same background job, so what is shown and what is signed cannot belong to different models.
 */
record ExplainResult(ModelArtifact model, ReviewSubject subject, ExplanationReport report, List<RowItem> rows,
                     DecisionInputs decisions) {
    ExplainResult {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(report, "report");
        rows = List.copyOf(rows);
    }
}
