package dev.handoff.ui;

import dev.handoff.bundle.ExportRefusedException;
import dev.handoff.bundle.RegistryProvenance;
import dev.handoff.bundle.RunBundleExport;
import dev.handoff.bundle.checklist.ChecklistLine;
import dev.handoff.bundle.review.ReviewStore;

import java.util.List;

/** The plain parts of Export bundle: card fields to edits, a registry version's request, failures to text. */
final class ExportRequests {
    private ExportRequests() {
    }

    /** The card fields typed in the dialog; "name &lt;contact&gt;" splits into owner and contact. */
    static RunBundleExport.CardEdits cardEdits(String ownerText, String license, String overview, String uses,
                                               String limitations) {
        String owner = ownerText.trim();
        String contact = null;
        int lt = owner.indexOf('<');
        if (lt >= 0 && owner.endsWith(">")) {
            contact = owner.substring(lt + 1, owner.length() - 1).trim();
            owner = owner.substring(0, lt).trim();
        }
        return new RunBundleExport.CardEdits(overview, owner, contact, license, List.of(),
                List.of(uses.split("\\R")), List.of(limitations.split("\\R")), List.of(), List.of());
    }

    /**
     * {@code form} for the run and model file a registered version resolved to (as {@code handoff bundle export
     * --model} builds it), with the sign-offs of that model from {@code reviews} (null: none).
     */
    static RunBundleExport.Request forVersion(RunBundleExport.Request form, RegistryProvenance registry,
                                              ReviewStore reviews) throws java.io.IOException {
        String runId = registry.runId();
        String artifact = registry.modelArtifact();
        return new RunBundleExport.Request(runId, artifact, form.heldOutCsv(), form.labelColumn(),
                form.sensitiveColumn(), form.positiveLabel(), form.explainRows(), form.seed(), form.checklist(),
                form.policy(), form.signer(),
                reviews == null ? List.of() : reviews.reviews(ReviewStore.runModelRef(runId, artifact)), form.cardEdits())
                .withTraining(form.trainingCsv());
    }

    /** The file {@code text} names (null for none); one that does not exist is refused naming {@code what}. */
    static java.nio.file.Path existingFile(String text, String what) {
        if (text == null) {
            return null;
        }
        java.nio.file.Path file = java.nio.file.Path.of(text);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        }
        return file;
    }

    static String failure(Throwable e) {
        if (e instanceof ExportRefusedException refused) {
            StringBuilder sb = new StringBuilder("Export refused: required checklist lines are outstanding:");
            for (ChecklistLine l : refused.outstanding()) {
                sb.append("\n  • ").append(l.lineId()).append(" — ").append(l.lineSummary())
                        .append(" (").append(l.status().yaml()).append(')');
            }
            return sb.append("\nSign them off in Review bundle… or export with policy WARN.").toString();
        }
        if (e instanceof java.util.concurrent.CancellationException || e instanceof InterruptedException) {
            return "Export cancelled";
        }
        return "Export failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
