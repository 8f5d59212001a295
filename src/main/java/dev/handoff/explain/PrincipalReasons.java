package dev.handoff.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.RealInfo;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The principal reasons for each adverse decision of an explanation (ECOA / Regulation B style adverse-action
 * reasons): for every explained row whose predicted class is the adverse class, the up-to-{@code max} features whose
 * attributions pushed the score furthest toward the adverse outcome, largest push first. Only features the model
 * uses ({@link #usedFeatures}) with a strictly positive push count; each carries its reason code and text from the
 * {@link ReasonCodeTable}, or a warning when the table has no entry (no text is ever made up).
 *
 * <p>The push toward adverse is the row's attribution when the report explains the adverse class, and its negation
 * when it explains the other class of a two-class model (log-odds and probabilities of the two classes are mirror
 * images); so reasons are always a prefix of the row's attributions ranked toward adverse, in the same order.
 */
public final class PrincipalReasons {
    /** The usual maximum number of reasons on an adverse-action notice. */
    public static final int DEFAULT_MAX = 4;

    private PrincipalReasons() {
    }

    /** All rows' reasons, with what they were computed from. */
    public record Report(@JsonProperty("model_name") String modelName,
                         @JsonProperty("method") String method,
                         @JsonProperty("explained_output") String explainedOutput,
                         @JsonProperty("adverse_class") String adverseClass,
                         @JsonProperty("output_space") String outputSpace,
                         @JsonProperty("max_reasons") int maxReasons,
                         @JsonProperty("reason_codes") String reasonCodes,
                         @JsonProperty("reason_codes_sha256") String reasonCodesSha256,
                         @JsonProperty("explained_rows") int explainedRows,
                         @JsonProperty("rows") List<RowReasons> rows,
                         @JsonProperty("warnings") List<String> warnings) {
        public Report {
            rows = List.copyOf(rows);
            warnings = List.copyOf(warnings);
        }

        /** The reasons of data row {@code row}, or null when it was not explained or not an adverse decision. */
        public RowReasons forRow(int row) {
            return rows.stream().filter(r -> r.row() == row).findFirst().orElse(null);
        }
    }

    /**
     * One adverse decision.
     *
     * @param score       the model's probability of the adverse class for log-odds and probability outputs, else
     *                    the adverse class's explained output (margin)
     */
    public record RowReasons(@JsonProperty("row") int row,
                             @JsonProperty("predicted") String predicted,
                             @JsonProperty("actual") @JsonInclude(JsonInclude.Include.NON_NULL) String actual,
                             @JsonProperty("score") double score,
                             @JsonProperty("reasons") List<Reason> reasons,
                             @JsonProperty("warnings") List<String> warnings) {
        public RowReasons {
            reasons = List.copyOf(reasons);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * One principal reason.
     *
     * @param rank         1 = the strongest push toward adverse
     * @param code         the table's code, or null when unmapped
     * @param reason       the table's text, or null when unmapped (see the row's warnings)
     * @param value        the applicant's value ({@code NaN} = missing)
     * @param contribution how far the feature pushed toward adverse, in the report's output space (always &gt; 0)
     * @param direction    {@code "high"} / {@code "low"}: the value against the training mean, or
     *                     {@code "missing"} / {@code "unknown"}
     * @param trainingMean the training mean of the feature (Tribuo's feature statistics), or null
     */
    public record Reason(@JsonProperty("rank") int rank,
                         @JsonProperty("feature") String feature,
                         @JsonProperty("code") String code,
                         @JsonProperty("reason") String reason,
                         @JsonProperty("value") double value,
                         @JsonProperty("contribution") double contribution,
                         @JsonProperty("direction") String direction,
                         @JsonProperty("training_mean") Double trainingMean) {
        /** Whether the reason-code table mapped the feature. */
        public boolean mapped() {
            return reason != null;
        }
    }

    /**
     * What reasons are computed with.
     *
     * @param adverseClass the class that is the adverse decision
     * @param classes      the model's classes (to mirror a two-class report explaining the other class)
     * @param max          at most this many reasons per row (&ge; 1)
     * @param used         the features the model uses; reasons come only from these
     * @param means        training mean per feature, for the direction (missing = "unknown")
     * @param table        the reason-code table, or null (every reason then warns)
     */
    public record Settings(String adverseClass, List<String> classes, int max, Set<String> used,
                           Map<String, Double> means, ReasonCodeTable table) {
        public Settings {
            if (max < 1) {
                throw new IllegalArgumentException("the number of reasons must be at least 1, not " + max);
            }
            classes = List.copyOf(classes);
            used = Set.copyOf(used);
            means = Map.copyOf(means);
        }
    }

    /**
     * The reasons for {@code report} (a local explanation of {@code model}).
     *
     * @param adverseClass the adverse class; null = the table's {@code adverse_class}, else the model's positive-looking
     *                     class ({@link ExplanationService#defaultLabel})
     * @throws IllegalArgumentException if the report has no rows, the model does not know the adverse class, or the
     *                                  report explains a third class of a multi-class model
     */
    public static Report of(Model<Label> model, ExplanationReport report, ReasonCodeTable table, String adverseClass,
                            int max) {
        return of(model, report, table, adverseClass, max, null);
    }

    /**
     * As {@link #of(Model, ExplanationReport, ReasonCodeTable, String, int)}, the direction against the means of
     * {@code training} (null: the model's feature statistics, which for a {@code TransformedModel} are those of the
     * transformed values, so no direction is given there).
     */
    public static Report of(Model<Label> model, ExplanationReport report, ReasonCodeTable table, String adverseClass,
                            int max, FeatureTable training) {
        String adverse = adverseClass(model, table, adverseClass);
        List<String> classes = new ArrayList<>();
        model.getOutputIDInfo().getDomain().forEach(l -> classes.add(l.getLabel()));
        Map<String, Double> means = training != null ? means(training)
                : model instanceof org.tribuo.transform.TransformedModel<?> ? Map.of() : trainingMeans(model);
        return compute(report, new Settings(adverse, classes, max, usedFeatures(model), means, table));
    }

    /** The mean of each column of {@code table} over its non-missing values. */
    public static Map<String, Double> means(FeatureTable table) {
        Map<String, Double> means = new HashMap<>();
        for (int c = 0; c < table.numFeatures(); c++) {
            final int col = c;
            java.util.OptionalDouble m = java.util.Arrays.stream(table.rows()).mapToDouble(r -> r[col])
                    .filter(v -> !Double.isNaN(v)).average();
            if (m.isPresent()) {
                means.put(table.featureNames().get(c), m.getAsDouble());
            }
        }
        return means;
    }

    /** The adverse class: {@code given}, else the table's, else {@link ExplanationService#defaultLabel}; checked. */
    public static String adverseClass(Model<Label> model, ReasonCodeTable table, String given) {
        String adverse = given != null ? given
                : table != null && table.adverseClass() != null ? table.adverseClass()
                : ExplanationService.defaultLabel(model);
        TribuoFunctions.requireLabel(model, adverse);
        return adverse;
    }

    /** The reasons for every adverse row of {@code report}. */
    public static Report compute(ExplanationReport report, Settings s) {
        if (report.rows().isEmpty()) {
            throw new IllegalArgumentException("Principal reasons need per-row attributions; " + report.method()
                    + " has none (use a local method)");
        }
        double sign = sign(report.explainedOutput(), report.outputSpace(), s);
        List<RowReasons> rows = new ArrayList<>();
        Set<String> unmapped = new LinkedHashSet<>();
        for (ExplanationReport.RowExplanation r : report.rows()) {
            if (!s.adverseClass().equals(r.predicted())) {
                continue;
            }
            RowReasons rr = row(r, sign, s, report.outputSpace());
            rr.reasons().stream().filter(x -> !x.mapped()).forEach(x -> unmapped.add(x.feature()));
            rows.add(rr);
        }
        List<String> warnings = new ArrayList<>();
        if (s.table() == null) {
            warnings.add("No reason-code table (" + ReasonCodeTable.FILE_NAME + "): reasons name features and codes"
                    + " are missing; give one so each reason has its plain-language text");
        } else if (!unmapped.isEmpty()) {
            warnings.add("Features without an entry in " + s.table().source() + ": " + String.join(", ", unmapped)
                    + "; their reasons have no text until the table maps them");
        }
        return new Report(report.modelName(), report.method(), report.explainedOutput(), s.adverseClass(),
                report.outputSpace(), s.max(), s.table() == null ? null : s.table().source(),
                s.table() == null ? null : s.table().sha256(), report.rows().size(), rows, warnings);
    }

    private static double sign(String explained, String space, Settings s) {
        if (explained.equals(s.adverseClass())) {
            return 1.0;
        }
        boolean mirrored = LinearShap.LOG_ODDS.equals(space) || TribuoTrees.PROBABILITY.equals(space);
        if (mirrored && s.classes().size() == 2 && s.classes().contains(explained)
                && s.classes().contains(s.adverseClass())) {
            return -1.0;
        }
        throw new IllegalArgumentException("The explanation is of class '" + explained + "', not the adverse class '"
                + s.adverseClass() + "'; explain the adverse class (--class " + s.adverseClass() + ")");
    }

    private static RowReasons row(ExplanationReport.RowExplanation r, double sign, Settings s, String space) {
        List<ExplanationReport.FeatureAttribution> pushing = new ArrayList<>();
        for (ExplanationReport.FeatureAttribution f : r.features()) {
            if (s.used().contains(f.name()) && sign * f.attribution() > 0) {
                pushing.add(f);
            }
        }
        pushing.sort(Comparator.comparingDouble((ExplanationReport.FeatureAttribution f) -> -sign * f.attribution())
                .thenComparing(ExplanationReport.FeatureAttribution::name));
        List<Reason> reasons = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (ExplanationReport.FeatureAttribution f : pushing.subList(0, Math.min(s.max(), pushing.size()))) {
            ReasonCodeTable.Entry e = s.table() == null ? null : s.table().entry(f.name()).orElse(null);
            if (e == null) {
                warnings.add("Feature '" + f.name() + "' has no entry in the reason-code table: no reason text");
            }
            Double mean = s.means().get(f.name());
            reasons.add(new Reason(reasons.size() + 1, f.name(), e == null ? null : e.code(),
                    e == null ? null : e.reason(), f.value(), sign * f.attribution(), direction(f.value(), mean), mean));
        }
        if (pushing.size() < s.max()) {
            warnings.add("Only " + pushing.size() + " feature" + (pushing.size() == 1 ? "" : "s")
                    + " pushed this decision toward '" + s.adverseClass() + "'");
        }
        double score = LinearShap.LOG_ODDS.equals(space) && r.outputProbability() != null
                ? (sign > 0 ? r.outputProbability() : 1 - r.outputProbability())
                : sign > 0 ? r.modelOutput() : TribuoTrees.PROBABILITY.equals(space) ? 1 - r.modelOutput() : -r.modelOutput();
        return new RowReasons(r.row(), r.predicted(), r.actual(), score, reasons, warnings);
    }

    private static String direction(double value, Double mean) {
        if (Double.isNaN(value)) {
            return "missing";
        }
        if (mean == null || mean.isNaN()) {
            return "unknown";
        }
        return value >= mean ? "high" : "low";
    }

    /**
     * The features the model uses: those with a non-zero value in Tribuo's {@code getTopFeatures(-1)} for any output
     * (linear weights, tree split counts, XGBoost split counts), bias excluded; every model feature when the model
     * ranks none.
     */
    public static Set<String> usedFeatures(Model<?> model) {
        Set<String> used = new LinkedHashSet<>();
        for (List<Pair<String, Double>> list : model.getTopFeatures(-1).values()) {
            for (Pair<String, Double> p : list) {
                if (!Model.BIAS_FEATURE.equals(p.getA()) && p.getB() != null && p.getB() != 0.0) {
                    used.add(p.getA());
                }
            }
        }
        return used.isEmpty() ? new LinkedHashSet<>(FeatureTable.modelFeatures(model)) : used;
    }

    /** Training mean per feature from the model's feature statistics. */
    public static Map<String, Double> trainingMeans(Model<?> model) {
        Map<String, Double> means = new HashMap<>();
        ImmutableFeatureMap map = model.getFeatureIDMap();
        for (VariableInfo info : map) {
            double mean = info instanceof RealInfo real ? real.getMean()
                    : info instanceof org.tribuo.CategoricalInfo cat ? cat.generateRealInfo().getMean() : Double.NaN;
            if (Double.isFinite(mean)) {
                means.put(info.getName(), mean);
            }
        }
        return means;
    }
}
