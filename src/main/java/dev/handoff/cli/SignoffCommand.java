package dev.handoff.cli;

import dev.handoff.bundle.io.Digests;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.bundle.review.ExplanationReview;
import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.bundle.review.ResultSubjects;
import dev.handoff.bundle.review.ReviewSubject;
import dev.handoff.bundle.review.SignableResult;
import dev.handoff.explain.Counterfactuals;
import dev.handoff.explain.ExplanationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code handoff signoff}: explains a model exactly as {@code handoff explain} does and records the reviewer's
 * decision on that explanation in the same review store the workbench's Explain view uses, naming the model and data
 * by SHA-256, the method with its parameters and the rows. {@code bundle export} then bundles it. With
 * {@code --monotonicity} it signs the monotonicity verdict of that explanation instead, with
 * {@code --counterfactuals N} each adverse row's counterfactuals (one sign-off a row), each naming the result's
 * SHA-256 and carrying it, as the Explain view does; {@code --reasons N} signs the explanation with its reasons.
 */
@Command(name = "signoff", mixinStandardHelpOptions = true,
        description = {"Explains a model on rows of a CSV and records a reviewer's sign-off of that explanation.",
                "The sign-off names the model artifact's SHA-256 as stored in the run, the data file's SHA-256,",
                "the method with all its parameters and the rows; bundle export refuses (or warns of) a sign-off",
                "whose model digest is not the bundled model's. Sign-offs go to the same review store as the UI's.",
                "--monotonicity signs the monotonicity verdict, --counterfactuals N each adverse row's counterfactuals",
                "(the result's SHA-256 in the subject), instead of the explanation."})
final class SignoffCommand implements Callable<Integer> {
    @Mixin
    ModelOption model = new ModelOption();
    @Mixin
    ExplainOptions explain = new ExplainOptions();
    @Mixin
    DecisionOptions decisions = new DecisionOptions();
    @Option(names = "--reviewer", required = true, paramLabel = "NAME", description = "Who reviewed the explanation.")
    String reviewer;
    @Option(names = "--decision", required = true, paramLabel = "approve|reject",
            description = "approve, or reject (recorded as NEEDS_CHANGES; needs --comment saying what to change).")
    String decision;
    @Option(names = "--comment", paramLabel = "TEXT", description = "Why; required with --decision reject.")
    String comment;
    @Option(names = "--cohort-analysis",
            description = "Sign the cohort error analysis of the model on --data (as the Explain view's Cohorts tab:"
                    + " error tree depth 3, leaves of 5% of the rows) instead of an explanation.")
    boolean cohortAnalysis;
    @Option(names = "--cohort", paramLabel = "EXPR", description = "With --cohort-analysis: a cohort of your own (repeatable).")
    List<String> cohorts = new ArrayList<>();
    @Option(names = "--group", paramLabel = "COLUMN",
            description = "With --cohort-analysis: a text column cohorts may filter and split on (repeatable).")
    List<String> groups = new ArrayList<>();
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
        if (!cohortAnalysis && !(cohorts.isEmpty() && groups.isEmpty())) {
            throw new CliFailure("--cohort and --group need --cohort-analysis", 2);
        }
        if (cohortAnalysis && decisions.any()) {
            throw new CliFailure("--cohort-analysis signs the cohort analysis alone: drop --reasons, --counterfactuals"
                    + " and --monotonicity (sign those separately)", 2);
        }
        ModelArtifact artifact = model.explainable();
        String dataSha;
        try {
            dataSha = Digests.sha256Hex(explain.data);
        } catch (IOException e) {
            throw new CliFailure(explain.data + ": cannot read: " + e.getMessage(), e);
        }
        String dataFile = explain.data.getFileName().toString();
        List<SignableResult> signed = new ArrayList<>();
        if (cohortAnalysis) {
            signed.add(cohortsSigned(artifact, dataFile, dataSha));
        } else {
            signed.addAll(explained(artifact, dataFile, dataSha));
        }
        ReviewStore store = ReviewStore.userDefault();
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        for (SignableResult s : signed) {
            ExplanationReview review = ExplanationReview.of(s, verdict, reviewer, comment, now);
            try {
                store.add(review);
            } catch (IOException e) {
                throw new CliFailure("cannot record the sign-off in " + store.dir() + ": " + e.getMessage(), e);
            }
            print(out, review, store);
        }
        out.flush();
        return 0;
    }

    /** The cohort analysis of the model on --data, as the Explain view's Cohorts tab runs it. */
    @SuppressWarnings("unchecked")
    private SignableResult cohortsSigned(ModelArtifact artifact, String dataFile, String dataSha) {
        if (explain.labelColumn == null) {
            throw new CliFailure("--cohort-analysis needs --label-column: cohorts are cut where the model is wrong", 2);
        }
        if (!artifact.model().validate(org.tribuo.classification.Label.class)) {
            throw new CliFailure("--cohort-analysis needs a classifier", 2);
        }
        org.tribuo.Model<org.tribuo.classification.Label> m =
                (org.tribuo.Model<org.tribuo.classification.Label>) artifact.model();
        List<String> features = dev.handoff.explain.FeatureTable.modelFeatures(m);
        dev.handoff.bundle.cohorts.CohortData rows;
        try {
            var table = dev.handoff.explain.FeatureTable.fromCsv(explain.data, explain.labelColumn, features)
                    .alignTo(features);
            java.util.Map<String, List<String>> text = new java.util.LinkedHashMap<>();
            for (String g : groups) {
                text.put(g, dev.handoff.explain.FeatureTable.readColumn(explain.data, g));
            }
            rows = dev.handoff.bundle.cohorts.CohortData.score(m, table, text,
                    dev.handoff.explain.ExplanationService.defaultLabel(m));
        } catch (IOException e) {
            throw new CliFailure(explain.data + ": cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        dev.handoff.bundle.cohorts.CohortAnalysis analysis;
        try {
            analysis = dev.handoff.bundle.cohorts.CohortAnalysis.run(rows, cohorts,
                    dev.handoff.bundle.cohorts.CohortAnalysis.DEFAULT_DEPTH,
                    dev.handoff.bundle.cohorts.CohortAnalysis.defaultMinLeaf(rows.size()),
                    dev.handoff.explain.Cancellation.NONE);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("--cohort: " + e.getMessage(), 2);
        }
        return ResultSubjects.cohorts(artifact, dataFile, dataSha, explain.labelColumn, cohorts, groups, analysis);
    }

    /** The explanation (with its reasons), or its monotonicity verdict or counterfactuals when asked for. */
    private List<SignableResult> explained(ModelArtifact artifact, String dataFile, String dataSha) {
        ExplanationReport report = model.explain(artifact, explain, spec.commandLine().getErr());
        DecisionOptions.Outputs outputs = decisions.compute(model, artifact.model(), report, explain,
                spec.commandLine().getErr());
        List<SignableResult> signed = new ArrayList<>();
        if (outputs.monotonicity() != null) {
            signed.add(ResultSubjects.monotonicity(artifact, dataFile, dataSha, report, outputs.training(),
                    outputs.monotonicity()));
        }
        if (outputs.counterfactuals() != null) {
            if (outputs.counterfactuals().isEmpty()) {
                throw new CliFailure("--counterfactuals: no explained row is an adverse decision; nothing to sign", 2);
            }
            for (Counterfactuals.Result r : outputs.counterfactuals()) {
                signed.add(ResultSubjects.counterfactuals(artifact, dataFile, dataSha,
                        decisions.counterfactualOptions(), outputs.training(), outputs.table(), r));
            }
        }
        if (signed.isEmpty()) {
            signed.add(SignableResult.explanation(ReviewSubject.of(artifact, dataFile, dataSha, report)
                    .withReasons(outputs.reasons())));
        }
        return signed;
    }

    private static void print(PrintWriter out, ExplanationReview review, ReviewStore store) {
        ReviewSubject subject = review.subject();
        out.println("Recorded " + review.decision() + " by " + review.reviewer() + " in " + store.dir());
        out.println("  model " + subject.modelRef() + " sha256:" + subject.modelSha256());
        out.println("  data  " + subject.dataFile() + " sha256:" + subject.dataSha256());
        out.println("  " + subject.method() + " for '" + subject.explainedOutput() + "'"
                + (subject.rows().isEmpty() ? "" : ", rows " + subject.rowsText()) + ", parameters "
                + subject.parameters());
        if (subject.resultSha256() != null) {
            out.println("  result sha256:" + subject.resultSha256());
        }
    }
}
