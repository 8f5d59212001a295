package dev.handoff.cli;

import dev.handoff.explain.Cancellation;
import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.ExplanationService;
import dev.handoff.explain.Explainers;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.ReferenceData;
import dev.handoff.bundle.RunBundleExport;
import dev.handoff.bundle.model.TrainingData;
import dev.handoff.runs.RunSource;
import org.tribuo.Model;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What to explain on which rows of a CSV, with the method's parameters: shared by {@code explain} and {@code signoff}. */
final class ExplainOptions {
    @Option(names = {"-d", "--data"}, required = true, paramLabel = "CSV", description = "Rows with a header; numeric feature columns.")
    Path data;
    @Option(names = "--label-column", paramLabel = "NAME", description = "The CSV column holding the true class, or the true numeric value for a regressor (needed for permutation).")
    String labelColumn;
    @Option(names = "--method", defaultValue = "auto", paramLabel = "METHOD",
            description = "treeshap | linearshap | kernelshap | lime | permutation | intrinsic | auto (default: ${DEFAULT-VALUE})")
    String method;
    @Option(names = "--rows", defaultValue = "0-9", paramLabel = "LIST", description = "Rows to explain, e.g. 0-9,15 (0-based; default: ${DEFAULT-VALUE}).")
    String rows;
    @Option(names = "--class", paramLabel = "LABEL", description = "The class whose output is explained (default: yes/1/true/positive if present); for a regressor, the output dimension (default: its only one).")
    String label;
    @Option(names = "--samples", paramLabel = "N", description = "KernelSHAP coalitions or LIME samples (default: method's own).")
    Integer samples;
    @Option(names = "--background-k", defaultValue = "20", paramLabel = "K", description = "k-means clusters summarising --data as the background of KernelSHAP / linear SHAP (default: ${DEFAULT-VALUE}).")
    int background;
    @Option(names = "--background", paramLabel = "TRAIN.csv",
            description = {"The training data, for TreeSHAP's node covers of CART trees (how many training rows reach each node).",
                    "Default: a train*.csv the run logged as an artifact, else the file the model's provenance names (found",
                    "in the project with the recorded SHA-256), else --data (with a warning). The report records the",
                    "covers' source, row count and SHA-256."})
    Path trainingData;
    @Option(names = "--repeats", defaultValue = "5", paramLabel = "N", description = "Permutation repeats (default: ${DEFAULT-VALUE}).")
    int repeats;
    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Explains a model file's model on {@link #data} (covers: {@code --background}, else the data). */
    ExplanationReport explain(Model<?> m) {
        return explain(m, null, null, new java.io.PrintWriter(java.io.Writer.nullWriter()));
    }

    /**
     * Explains {@code m} on {@link #data}; bad input is a {@link CliFailure} naming the file, column or row. CART
     * covers come from {@code --background}, else the run's training data ({@link TrainingData}), else the data
     * (warned of on {@code err}).
     *
     * @param source the run's store, or null for a model file
     * @param runId  the run, or null
     */
    ExplanationReport explain(Model<?> m, RunSource source, String runId, java.io.PrintWriter err) {
        ExplanationService.Kind kind = kind(method);
        List<String> features = FeatureTable.modelFeatures(m);
        FeatureTable table;
        try {
            table = FeatureTable.fromCsv(data, labelColumn, features);
        } catch (IOException e) {
            throw new CliFailure(data + ": cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            String hint = e.getMessage().contains("missing column") ? " that the model '" + m.getName() + "' needs" : "";
            throw new CliFailure(e.getMessage() + hint, e);
        }
        int defaults = kind == ExplanationService.Kind.LIME ? Explainers.Options.DEFAULTS.limeSamples()
                : Explainers.Options.DEFAULTS.kernelSamples();
        int n = samples == null ? defaults : samples;
        Explainers.Options options = new Explainers.Options(background,
                kind == ExplanationService.Kind.LIME ? Explainers.Options.DEFAULTS.kernelSamples() : n,
                kind == ExplanationService.Kind.LIME ? n : Explainers.Options.DEFAULTS.limeSamples(), seed);
        ExplanationService.Request request = new ExplanationService.Request(kind, label, parseRows(rows, table.numRows()),
                options, repeats);
        if (ExplanationService.needsCovers(m, kind)) {
            request = request.withCovers(reference(m, features, table, source, runId, err, "TreeSHAP covers are"));
        }
        try {
            return ExplanationService.run(m, table, request, (done, total, msg) -> { }, Cancellation.NONE);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    /**
     * The training data: {@code --background}, else the run's ({@link TrainingData#find}), else {@link #data} with a
     * warning on {@code err} that starts with {@code what} (e.g. "TreeSHAP covers are").
     */
    ReferenceData reference(Model<?> m, List<String> features, FeatureTable table, RunSource source, String runId,
                            java.io.PrintWriter err, String what) {
        try {
            if (trainingData != null) {
                return TrainingData.readFile(trainingData, features);
            }
            java.util.Optional<TrainingData.Found> found = TrainingData.find(source, runId, m,
                    source == null ? null : RunBundleExport.projectDir(source));
            if (found.isPresent()) {
                return TrainingData.read(found.get(), features);
            }
        } catch (IOException e) {
            throw new CliFailure((trainingData != null ? trainingData + ": " : "training data: ") + "cannot read: "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("--background: " + e.getMessage(), e);
        }
        err.println("warning: " + what + " counted on " + data.getFileName() + ": no training data found (no"
                + " train*.csv artifact in the run, no project file with the model's provenance hash); give"
                + " --background TRAIN.csv so the explanation does not change with the explained file");
        String sha;
        try {
            sha = dev.handoff.bundle.io.Digests.sha256Hex(data);
        } catch (IOException e) {
            sha = null;
        }
        return ReferenceData.explainedData(table, data.getFileName().toString(), sha);
    }

    static ExplanationService.Kind kind(String method) {
        String m = method.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (m) {
            case "treeshap" -> ExplanationService.Kind.TREE_SHAP;
            case "linearshap" -> ExplanationService.Kind.LINEAR_SHAP;
            case "kernelshap" -> ExplanationService.Kind.KERNEL_SHAP;
            case "lime" -> ExplanationService.Kind.LIME;
            case "permutation" -> ExplanationService.Kind.PERMUTATION;
            case "intrinsic" -> ExplanationService.Kind.INTRINSIC;
            case "auto" -> ExplanationService.Kind.AUTO;
            default -> throw new CliFailure("unknown method '" + method
                    + "' (treeshap, linearshap, kernelshap, lime, permutation, intrinsic, auto)", 2);
        };
    }

    static List<Integer> parseRows(String spec, int numRows) {
        List<Integer> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                int dash = p.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
                if (from > to) {
                    throw new CliFailure("--rows: range '" + p + "' runs backwards", 2);
                }
                for (int r = from; r <= Math.min(to, numRows - 1); r++) {
                    out.add(r);
                }
                if (from >= numRows) {
                    throw new CliFailure("--rows: row " + from + " is out of range: the data has " + numRows + " rows");
                }
            } catch (NumberFormatException e) {
                throw new CliFailure("--rows: expected row numbers like 0-9,15, got '" + p + "'", 2);
            }
        }
        return out;
    }
}
