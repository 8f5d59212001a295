package dev.handoff.cli;

import dev.handoff.bundle.io.Digests;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.explain.ExplanationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code handoff signoff}: explains a model exactly as {@code handoff explain} does and records the reviewer's
 * decision on that explanation in the same review store the workbench's Explain view uses, naming the model and data
 * by SHA-256, the method with its parameters and the rows. {@code bundle export} then bundles it.
 */
@Command(name = "signoff", mixinStandardHelpOptions = true,
        description = {"Explains a model on rows of a CSV and records a reviewer's sign-off of that explanation.",
                "The sign-off names the model artifact's SHA-256 as stored in the run, the data file's SHA-256,",
                "the method with all its parameters and the rows; bundle export refuses (or warns of) a sign-off",
                "whose model digest is not the bundled model's. Sign-offs go to the same review store as the UI's."})
final class SignoffCommand implements Callable<Integer> {
    @Mixin
    ModelOption model = new ModelOption();
    @Mixin
    ExplainOptions explain = new ExplainOptions();
    @Option(names = "--reviewer", required = true, paramLabel = "NAME", description = "Who reviewed the explanation.")
    String reviewer;
    @Option(names = "--decision", required = true, paramLabel = "approve|reject",
            description = "approve, or reject (recorded as NEEDS_CHANGES; needs --comment saying what to change).")
    String decision;
    @Option(names = "--comment", paramLabel = "TEXT", description = "Why; required with --decision reject.")
    String comment;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ExplanationReview.Decision verdict = switch (decision.toLowerCase(Locale.ROOT)) {
            case "approve", "approved" -> ExplanationReview.Decision.APPROVED;
            case "reject", "needs-changes", "needs_changes" -> ExplanationReview.Decision.NEEDS_CHANGES;
            default -> throw new CliFailure("--decision must be approve or reject, got '" + decision + "'", 2);
        };
        if (verdict == ExplanationReview.Decision.NEEDS_CHANGES && (comment == null || comment.isBlank())) {
            throw new CliFailure("--decision reject needs --comment saying what to change", 2);
        }
        if (reviewer.isBlank()) {
            throw new CliFailure("--reviewer must name the reviewer", 2);
        }
        ModelArtifact artifact = model.explainable();
        ExplanationReport report = model.explain(artifact, explain, spec.commandLine().getErr());
        String dataSha;
        try {
            dataSha = Digests.sha256Hex(explain.data);
        } catch (IOException e) {
            throw new CliFailure(explain.data + ": cannot read: " + e.getMessage(), e);
        }
        ReviewSubject subject = ReviewSubject.of(artifact, explain.data.getFileName().toString(), dataSha, report);
        ExplanationReview review = ExplanationReview.of(subject, verdict, reviewer, comment, Instant.now());
        ReviewStore store = ReviewStore.userDefault();
        try {
            store.add(review);
        } catch (IOException e) {
            throw new CliFailure("cannot record the sign-off in " + store.dir() + ": " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Recorded " + review.decision() + " by " + review.reviewer() + " in " + store.dir());
        out.println("  model " + subject.modelRef() + " sha256:" + subject.modelSha256());
        out.println("  data  " + subject.dataFile() + " sha256:" + subject.dataSha256());
        out.println("  " + subject.method() + " for '" + subject.explainedOutput() + "'"
                + (subject.rows().isEmpty() ? "" : ", rows " + subject.rowsText()) + ", parameters "
                + subject.parameters());
        out.flush();
        return 0;
    }
}
