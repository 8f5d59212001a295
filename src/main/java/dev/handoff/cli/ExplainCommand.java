package dev.handoff.cli;

import dev.handoff.bundle.io.AtomicFiles;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.ExplanationService;
import dev.handoff.explain.Explainers;
import dev.handoff.explain.FeatureImportance;
import dev.handoff.explain.FeatureTable;
import org.tribuo.Model;
import dev.handoff.explain.TribuoFunctions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code handoff explain}: attributions or global importance of a model on a CSV, written as JSON. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains a Tribuo classifier or regressor on rows of a CSV file and writes the result as JSON.",
                "Methods: treeshap (exact, CART/XGBoost), linearshap (exact, linear SGD), kernelshap, lime,",
                "permutation (global, needs the label column), intrinsic (the model's own importance), auto.",
                "Regressors: the predicted value is explained (--class names the output dimension if there are",
                "several); permutation reports the RMSE increase; lime is classification-only.",
                "Classifiers: --reasons N adds the principal reasons of adverse decisions, --counterfactuals N",
                "verified changes that flip each explained row's decision (both in the JSON and the text)."})
final class ExplainCommand implements Callable<Integer> {
    @Mixin
    ModelOption model = new ModelOption();
    @Mixin
    ExplainOptions explain = new ExplainOptions();
    @Mixin
    DecisionOptions decisions = new DecisionOptions();
    @Option(names = "--out", paramLabel = "FILE.json", description = "Where to write the JSON (atomically).")
    Path out;
    @Option(names = "--json", description = "Print the JSON to standard output instead of the text summary.")
    boolean json;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (out == null && !json) {
            throw new CliFailure("give --out FILE.json, --json, or both", 2);
        }
        dev.handoff.bundle.model.ModelArtifact artifact = model.explainable();
        Model<?> m = artifact.model();
        ExplanationReport report = model.explain(artifact, explain, err);
        DecisionOptions.Outputs outputs = decisions.compute(model, m, report, explain, err);
        byte[] document = RunsCommand.JSON.writeValueAsBytes(DecisionOptions.json(report, outputs));
        if (out != null) {
            AtomicFiles.writeBytes(out, document);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(new String(document, java.nio.charset.StandardCharsets.UTF_8));
            o.flush();
            return 0;
        }
        o.println((out == null ? "" : "Wrote " + out + ": ") + report.method() + " for "
                + (TribuoFunctions.isRegressor(m) ? "output" : "class")
                + " '" + report.explainedOutput() + "'"
                + (report.rows().isEmpty() ? "" : ", " + report.rows().size() + " rows")
                + (report.maxAdditivityResidual() == null ? "" : String.format(Locale.ROOT, ", max |base + sum - output| = %.2e", report.maxAdditivityResidual())));
        if (!report.rows().isEmpty()) {
            o.println("  attributions in " + report.outputSpace()
                    + (dev.handoff.explain.LinearShap.LOG_ODDS.equals(report.outputSpace())
                    ? " (p = 1 / (1 + e^-log-odds); not the softmax logit z_" + report.explainedOutput() + ", which is half of it)" : ""));
            ExplanationReport.RowExplanation first = report.rows().get(0);
            if (first.baseProbability() != null) {
                o.println(String.format(Locale.ROOT, "  row %d: base %.4f (p %.4f) + sum %.4f = output %.4f (p %.4f)",
                        first.row(), first.baseValue(), first.baseProbability(),
                        first.modelOutput() - first.baseValue(), first.modelOutput(), first.outputProbability()));
            }
        }
        if (report.parameters().containsKey("coversRows")) {
            o.println("  covers: " + report.parameters().get("covers") + ", " + report.parameters().get("coversRows") + " rows");
        }
        for (FeatureImportance fi : report.globalImportance()) {
            o.println(fi.kind() + ":");
            for (FeatureImportance.Entry e : fi.top(10)) {
                o.println(String.format(Locale.ROOT, "  %-24s %12.6f%s", e.feature(), e.value(),
                        Double.isNaN(e.std()) || e.std() == 0 ? "" : String.format(Locale.ROOT, " ± %.6f", e.std())));
            }
        }
        DecisionOptions.print(o, outputs);
        o.flush();
        return 0;
    }

}
