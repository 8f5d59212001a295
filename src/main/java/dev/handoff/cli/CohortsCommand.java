package dev.handoff.cli;

import dev.handoff.bundle.cohorts.CohortAnalysis;
import dev.handoff.bundle.cohorts.CohortData;
import dev.handoff.explain.Cancellation;
import dev.handoff.explain.ExplanationService;
import dev.handoff.explain.FeatureTable;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code handoff cohorts}: cohort error analysis of a classifier on labelled rows of a CSV. */
@Command(name = "cohorts", mixinStandardHelpOptions = true,
        description = {"Cohort error analysis of a Tribuo classifier on labelled rows of a CSV: the worst cohorts an",
                "error tree finds (depth <= 3 over the features and --group columns, predicting where the model is",
                "wrong) and the cohorts you define with --cohort, each with accuracy, AUC, TPR and FPR and their",
                "95% intervals. Filters: income < 30 and group = 'B', not (age >= 60), group in ('A', 'C'),",
                "`a column` != 2."})
final class CohortsCommand implements Callable<Integer> {
    @Mixin
    ModelOption model = new ModelOption();
    @Option(names = {"-d", "--data"}, required = true, paramLabel = "CSV", description = "Labelled rows with a header.")
    Path data;
    @Option(names = "--label-column", required = true, paramLabel = "NAME", description = "The column holding the true class.")
    String labelColumn;
    @Option(names = "--group", paramLabel = "COLUMN", description = "A text column (e.g. the sensitive attribute) cohorts may filter and split on; repeatable.")
    List<String> groups = new ArrayList<>();
    @Option(names = "--cohort", paramLabel = "EXPR", description = "A cohort to report, as a filter (repeatable).")
    List<String> cohorts = new ArrayList<>();
    @Option(names = "--class", paramLabel = "LABEL", description = "The positive class of TPR, FPR and AUC (default: yes/1/true/positive if present).")
    String positive;
    @Option(names = "--depth", defaultValue = "3", paramLabel = "N", description = "Error tree depth, 0 to 3 (default: ${DEFAULT-VALUE}).")
    int depth;
    @Option(names = "--min-leaf", paramLabel = "N", description = "Fewest rows of an error tree leaf (default: 5% of the rows, at least 10).")
    Integer minLeaf;
    @Option(names = "--json", description = "Print the analysis as JSON (as explanations/cohorts.json of a bundle).")
    boolean json;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Model<Label> m = model.loadClassifier();
        List<String> features = FeatureTable.modelFeatures(m);
        CohortData rows;
        try {
            FeatureTable table = FeatureTable.fromCsv(data, labelColumn, features).alignTo(features);
            Map<String, List<String>> text = new LinkedHashMap<>();
            for (String g : groups) {
                text.put(g, FeatureTable.readColumn(data, g));
            }
            rows = CohortData.score(m, table, text, positive == null ? ExplanationService.defaultLabel(m) : positive);
        } catch (IOException e) {
            throw new CliFailure(data + ": cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        CohortAnalysis analysis;
        try {
            analysis = CohortAnalysis.run(rows, cohorts, depth,
                    minLeaf == null ? CohortAnalysis.defaultMinLeaf(rows.size()) : minLeaf, Cancellation.NONE);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("--cohort: " + e.getMessage(), 2);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(RunsCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(analysis));
        } else {
            o.print(analysis.text());
        }
        o.flush();
        return 0;
    }
}
