package dev.handoff.bundle.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.handoff.bundle.model.ModelArtifact;
import dev.handoff.explain.ExplanationReport;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Exactly what a reviewer looked at: the model by the SHA-256 of its stored bytes, the data file by its SHA-256, the
 * method with every parameter it ran with, the explained output and the rows. A sign-off is made of a subject, so it
 * can only name what the report it signs was computed from.
 *
 * @param modelRef        {@code run:<run_id>/<artifact>} or {@code sha256:<digest>}
 * @param modelSha256     hex SHA-256 of the model file as stored in the run (or on disk)
 * @param dataFile        the data file's name
 * @param dataSha256      hex SHA-256 of the data file
 * @param method          e.g. {@code TREE_SHAP}
 * @param explainedOutput the class (or regression dimension) explained
 * @param outputSpace     e.g. {@code probability}, {@code margin}
 * @param parameters      the method's parameters (background rows, covers, seed, samples, ...), sorted by name
 * @param rows            the explained rows (0-based data rows); empty for global methods
 * @param resultSha256    for a sign-off of a result other than an explanation (cohorts, counterfactuals, the
 *                        monotonicity verdict): the {@link ResultDigest} of that result, which the sign-off carries;
 *                        null for an explanation
 */
public record ReviewSubject(@JsonProperty("model_ref") String modelRef,
                            @JsonProperty("model_sha256") String modelSha256,
                            @JsonProperty("data_file") String dataFile,
                            @JsonProperty("data_sha256") String dataSha256,
                            @JsonProperty("method") String method,
                            @JsonProperty("explained_output") String explainedOutput,
                            @JsonProperty("output_space") String outputSpace,
                            @JsonProperty("parameters") Map<String, String> parameters,
                            @JsonProperty("rows") List<Integer> rows,
                            @JsonProperty("result_sha256") @JsonInclude(JsonInclude.Include.NON_NULL)
                            String resultSha256) {
    /** The methods of result sign-offs (the explanation methods are {@code TREE_SHAP}, {@code LIME}, ...). */
    public static final String COHORTS = "COHORTS";
    public static final String COUNTERFACTUALS = "COUNTERFACTUALS";
    public static final String MONOTONICITY = "MONOTONICITY";

    /** The subject of an explanation (no result digest). */
    public ReviewSubject(String modelRef, String modelSha256, String dataFile, String dataSha256, String method,
                         String explainedOutput, String outputSpace, Map<String, String> parameters,
                         List<Integer> rows) {
        this(modelRef, modelSha256, dataFile, dataSha256, method, explainedOutput, outputSpace, parameters, rows,
                null);
    }

    public ReviewSubject {
        Objects.requireNonNull(modelRef, "modelRef");
        Objects.requireNonNull(modelSha256, "modelSha256");
        Objects.requireNonNull(method, "method");
        parameters = parameters == null ? Map.of() : Map.copyOf(new TreeMap<>(parameters));
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /** The subject of {@code report}, computed from {@code model} on the data file {@code dataFile}. */
    public static ReviewSubject of(ModelArtifact model, String dataFile, String dataSha256, ExplanationReport report) {
        // the report's parameters are the run-wide ones (per-row findings such as LIME's fit are in its rows), incl.
        // TreeSHAP's covers source, row count and SHA-256
        Map<String, String> parameters = new TreeMap<>(report.parameters());
        return new ReviewSubject(model.ref(), model.sha256(), dataFile, dataSha256, report.method(),
                report.explainedOutput(), report.outputSpace(), parameters,
                report.rows().stream().map(ExplanationReport.RowExplanation::row).toList());
    }

    /**
     * This subject with the principal reasons the reviewer saw beside it: the adverse class, the number of reasons,
     * and the reason-code table by file and SHA-256 (or {@code none}), so a sign-off names the texts it approved.
     */
    public ReviewSubject withReasons(dev.handoff.explain.PrincipalReasons.Report reasons) {
        if (reasons == null) {
            return this;
        }
        Map<String, String> p = new TreeMap<>(parameters);
        p.put("reasons.adverseClass", reasons.adverseClass());
        p.put("reasons.max", Integer.toString(reasons.maxReasons()));
        p.put("reasons.codes", reasons.reasonCodes() == null ? "none"
                : java.nio.file.Path.of(reasons.reasonCodes()).getFileName().toString());
        p.put("reasons.codesSha256", reasons.reasonCodesSha256() == null ? "none" : reasons.reasonCodesSha256());
        return new ReviewSubject(modelRef, modelSha256, dataFile, dataSha256, method, explainedOutput, outputSpace, p,
                rows, resultSha256);
    }

    /** This subject naming a result by its {@link ResultDigest}. */
    public ReviewSubject withResult(String sha256) {
        return new ReviewSubject(modelRef, modelSha256, dataFile, dataSha256, method, explainedOutput, outputSpace,
                parameters, rows, sha256);
    }

    /** Whether this is the subject of a result (cohorts, counterfactuals, monotonicity) rather than an explanation. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isResult() {
        return resultSha256 != null;
    }

    /** The rows as a compact range list, e.g. {@code 0-9, 12}. */
    public String rowsText() {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < rows.size()) {
            int j = i;
            while (j + 1 < rows.size() && rows.get(j + 1) == rows.get(j) + 1) {
                j++;
            }
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(rows.get(i));
            if (j > i) {
                b.append('-').append(rows.get(j));
            }
            i = j + 1;
        }
        return b.toString();
    }
}
