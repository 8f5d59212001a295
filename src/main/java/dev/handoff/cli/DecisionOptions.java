package dev.handoff.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handoff.bundle.RunBundleExport;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.Counterfactuals;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.MonotonicityCheck;
import dev.handoff.explain.PrincipalReasons;
import dev.handoff.explain.ProgressListener;
import dev.handoff.explain.ReasonCodeTable;
import dev.handoff.explain.ReferenceData;
import dev.handoff.runs.RunSource;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code handoff explain}'s decision outputs: the principal reasons of adverse decisions ({@code --reasons N}) and
 * counterfactuals ({@code --counterfactuals N}), with the reason-code table they use.
 */
final class DecisionOptions {
    @Option(names = "--reasons", paramLabel = "N",
            description = "Principal reasons: for each explained row predicted as the adverse class, the up-to-N features"
                    + " that pushed it most toward adverse, with the reason-code table's texts (usually 4).")
    Integer reasons;
    @Option(names = "--counterfactuals", paramLabel = "N",
            description = "For each explained row that is an adverse decision, up to N small changes to actionable features (not immutable in the"
                    + " reason-code table) that flip the decision, each verified by re-scoring the model.")
    Integer counterfactuals;
    @Option(names = "--monotonicity",
            description = "Checks the reason-code table's monotone: directions on the explained rows: ICE curves (each"
                    + " row re-scored over the feature's observed grid) and the attribution trend; violations name the rows.")
    boolean monotonicity;
    @Option(names = "--adverse-class", paramLabel = "LABEL",
            description = "The class that is the adverse decision (default: the table's adverse_class, else yes/1/true/positive).")
    String adverseClass;
    @Option(names = "--reason-codes", paramLabel = "FILE.yml",
            description = {"The reason-code table (default: " + ReasonCodeTable.FILE_NAME + " in the project beside mlruns/",
                    "or mlflow.db, else beside --data or in its parent folder)."})
    Path reasonCodes;

    /** What was computed: null when not asked for. */
    record Outputs(ReasonCodeTable table, PrincipalReasons.Report reasons, List<Counterfactuals.Result> counterfactuals,
                   MonotonicityCheck.Report monotonicity, ReferenceData training) {
    }

    /** The counterfactual search settings {@code --counterfactuals N} runs with (null when not asked for). */
    Counterfactuals.Options counterfactualOptions() {
        return counterfactuals == null ? null : Counterfactuals.Options.DEFAULTS.withCount(counterfactuals);
    }

    boolean any() {
        return reasons != null || counterfactuals != null || monotonicity;
    }

    /** Computes what was asked for (nothing: all null). */
    @SuppressWarnings("unchecked")
    Outputs compute(ModelOption where, Model<?> anyModel, ExplanationReport report, ExplainOptions explain,
                    PrintWriter err) {
        if (!any()) {
            return new Outputs(null, null, null, null, null);
        }
        if (!anyModel.validate(Label.class)) {
            throw new CliFailure("--reasons, --counterfactuals and --monotonicity need a classifier; '" + anyModel.getName()
                    + "' is a regressor", 2);
        }
        if ((reasons != null && reasons < 1) || (counterfactuals != null && counterfactuals < 1)) {
            throw new CliFailure("--reasons and --counterfactuals take a count of at least 1", 2);
        }
        Model<Label> model = (Model<Label>) anyModel;
        return where.withStore((source, runId) -> {
            ReasonCodeTable table = table(source, explain.data);
            if (table == null) {
                err.println("warning: no reason-code table (" + ReasonCodeTable.FILE_NAME + " in the project, or"
                        + " --reason-codes): reasons have codes and texts missing, and no feature is immutable");
            }
            String adverse;
            try {
                adverse = PrincipalReasons.adverseClass(model, table, adverseClass);
            } catch (IllegalArgumentException e) {
                throw new CliFailure("--adverse-class: " + e.getMessage(), 2);
            }
            List<String> features = FeatureTable.modelFeatures(model);
            FeatureTable data = data(explain, features);
            ReferenceData training = explain.reference(model, features, data, source, runId, err,
                    "the reasons' training means and counterfactual candidate values are");
            PrincipalReasons.Report r = null;
            if (reasons != null) {
                try {
                    r = PrincipalReasons.of(model, report, table, adverse, reasons, training.table());
                } catch (IllegalArgumentException e) {
                    throw new CliFailure(e.getMessage(), e);
                }
                r.warnings().forEach(w -> err.println("warning: " + w));
            }
            List<Counterfactuals.Result> cf = counterfactuals == null ? null
                    : counterfactuals(model, report, data, training, table, adverse);
            MonotonicityCheck.Report mono = null;
            if (monotonicity) {
                if (table == null || report.rows().isEmpty()) {
                    throw new CliFailure("--monotonicity needs a local explanation (rows) and a reason-code table"
                            + " declaring monotone: directions", 2);
                }
                mono = MonotonicityCheck.ofClassifier(model, report, table, adverse, training.table(), Cancellation.NONE);
            }
            return new Outputs(table, r, cf, mono, training);
        });
    }

    private static FeatureTable data(ExplainOptions explain, List<String> features) {
        try {
            return FeatureTable.fromCsv(explain.data, explain.labelColumn, features).alignTo(features);
        } catch (IOException e) {
            throw new CliFailure(explain.data + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Counterfactuals of the explained rows that are adverse decisions. */
    private List<Counterfactuals.Result> counterfactuals(Model<Label> model, ExplanationReport report,
                                                         FeatureTable data, ReferenceData training,
                                                         ReasonCodeTable table, String adverse) {
        Counterfactuals search = new Counterfactuals(model, adverse, training, table, counterfactualOptions());
        List<Counterfactuals.Result> out = new ArrayList<>();
        for (ExplanationReport.RowExplanation row : report.rows()) {
            if (adverse.equals(row.predicted())) {
                out.add(search.search(row.row(), data.row(row.row()), ProgressListener.NONE, Cancellation.NONE));
            }
        }
        return out;
    }

    /** {@code --reason-codes}, else the project's table, else one beside the data; null when there is none. */
    private ReasonCodeTable table(RunSource source, Path data) {
        try {
            if (reasonCodes != null) {
                return ReasonCodeTable.read(reasonCodes);
            }
            Path project = source == null ? null : RunBundleExport.projectDir(source);
            Path dataDir = data.toAbsolutePath().getParent();
            return ReasonCodeTable.find(Arrays.asList(project, dataDir, dataDir == null ? null : dataDir.getParent()))
                    .orElse(null);
        } catch (IOException e) {
            throw new CliFailure((reasonCodes != null ? reasonCodes : ReasonCodeTable.FILE_NAME) + ": cannot read: "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    /** The report's JSON with {@code principal_reasons} and {@code counterfactuals} added when computed. */
    static ObjectNode json(ExplanationReport report, Outputs outputs) {
        ObjectNode tree = RunsCommand.JSON.valueToTree(report);
        if (outputs.reasons() != null) {
            tree.set("principal_reasons", RunsCommand.JSON.valueToTree(outputs.reasons()));
        }
        if (outputs.monotonicity() != null) {
            tree.set("monotonicity", RunsCommand.JSON.valueToTree(outputs.monotonicity()));
        }
        if (outputs.counterfactuals() != null) {
            tree.set("counterfactuals", RunsCommand.JSON.valueToTree(outputs.counterfactuals()));
        }
        return tree;
    }

    /** The text summary of what was computed. */
    static void print(PrintWriter o, Outputs outputs) {
        PrincipalReasons.Report r = outputs.reasons();
        if (r != null) {
            o.println("Principal reasons (adverse class '" + r.adverseClass() + "', up to " + r.maxReasons() + "; "
                    + (r.reasonCodes() == null ? "no reason-code table"
                    : "reason codes " + r.reasonCodes() + " sha256:" + r.reasonCodesSha256().substring(0, 12)) + "):");
            for (PrincipalReasons.RowReasons row : r.rows()) {
                boolean probability = dev.handoff.explain.LinearShap.LOG_ODDS.equals(r.outputSpace())
                        || dev.handoff.explain.TribuoTrees.PROBABILITY.equals(r.outputSpace());
                o.println(String.format(Locale.ROOT, "  row %d: %s (%s %.4f)", row.row(), row.predicted(),
                        probability ? "P(" + r.adverseClass() + ")" : r.adverseClass() + " " + r.outputSpace(),
                        row.score()));
                for (PrincipalReasons.Reason x : row.reasons()) {
                    o.println("    " + line(x, r.outputSpace()));
                }
                row.warnings().stream().filter(w -> w.startsWith("Only")).forEach(w -> o.println("    (" + w + ")"));
            }
            o.println("  " + r.rows().size() + " of " + r.explainedRows() + " explained rows are adverse decisions");
        }
        if (outputs.monotonicity() != null) {
            printMonotonicity(o, outputs.monotonicity());
        }
        if (outputs.counterfactuals() != null) {
            printCounterfactuals(o, outputs.counterfactuals());
        }
    }

    static String line(PrincipalReasons.Reason x, String space) {
        String what = x.mapped() ? x.code() + " " + x.reason()
                : "[no reason code] warning: '" + x.feature() + "' has no entry in the reason-code table";
        return String.format(Locale.ROOT, "%d. %s: %s = %s (%s), +%.4f %s", x.rank(), what, x.feature(),
                number(x.value()), x.direction() + (x.trainingMean() == null ? ""
                        : ", training mean " + number(x.trainingMean())), x.contribution(), space);
    }

    private static void printCounterfactuals(PrintWriter o, List<Counterfactuals.Result> results) {
        if (results.isEmpty()) {
            o.println("Counterfactuals: no explained row is an adverse decision");
            return;
        }
        Counterfactuals.Result first = results.get(0);
        o.println("Counterfactuals (" + first.search().get("algorithm") + "; training: " + first.search().get("training")
                + "; immutable: " + (first.immutable().isEmpty() ? "none" : String.join(", ", first.immutable())) + "):");
        for (Counterfactuals.Result r : results) {
            o.println(String.format(Locale.ROOT, "  row %d: %s (P(%s) %.4f)", r.row(), r.originalPrediction(),
                    r.adverseClass(), r.originalScore()));
            int i = 1;
            for (Counterfactuals.Counterfactual c : r.counterfactuals()) {
                List<String> changes = c.changes().stream().map(ch -> ch.feature() + " " + number(ch.from()) + " -> "
                        + number(ch.to())).toList();
                o.println(String.format(Locale.ROOT, "    %d. %s: %s, P(%s) %.4f (distance %.3f, %s)", i++,
                        String.join(", ", changes), c.newPrediction(), r.adverseClass(), c.newScore(), c.distance(),
                        c.verified() ? "verified by re-scoring" : "NOT verified"));
            }
            r.warnings().forEach(w -> o.println("    (" + w + ")"));
        }
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "missing";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }

    private static void printMonotonicity(PrintWriter o, MonotonicityCheck.Report m) {
        o.println("Monotonicity (" + (m.ice() ? "ICE re-scoring of the score of " + m.explainedOutput()
                : "attribution trend only") + ", directions from " + m.table() + "): "
                + (m.features().isEmpty() ? "no feature declares monotone:"
                : m.holds() ? "holds" : "VIOLATED for " + m.violated()));
        for (MonotonicityCheck.FeatureResult f : m.features()) {
            o.println("  " + f.summary());
            f.iceViolations().stream().limit(3).forEach(v -> o.println(String.format(Locale.ROOT,
                    "    row %d: %s %.6g -> %.6g moves the score %.4f -> %.4f", v.row(), f.feature(), v.fromValue(),
                    v.toValue(), v.fromOutput(), v.toOutput())));
        }
    }
}
