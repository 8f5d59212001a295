package dev.handoff.explain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks the {@code monotone: increasing|decreasing} directions of a {@link ReasonCodeTable} on the explained rows.
 *
 * <p>Per declared feature, two checks:
 * <ol>
 *   <li><b>ICE</b> (the verdict, when a model function is given): for every explained row only that feature is set
 *       to each value of its observed grid ({@code gridSize} quantiles of the reference data, all distinct values if
 *       fewer) and the model re-scored; the adverse outcome's score must never move against the declared direction
 *       between consecutive grid values by more than {@code tolerance}. Each such step is a violation naming the
 *       row.</li>
 *   <li><b>Attribution trend</b> (the dependence plot's reading): the explained rows grouped into up to
 *       {@value #TREND_BINS} bins of the feature's value, the mean attribution per bin must not move against the declared direction from one value
 *       to the next by more than {@code tolerance}. SHAP attributions of a monotone model with interactions can
 *       still wobble, so this is evidence beside the ICE verdict; without a model function it is the verdict.</li>
 * </ol>
 * The direction is the adverse outcome's: when the explained output is not the adverse class, its score must move
 * the other way.
 */
public final class MonotonicityCheck {
    /** Grid values per feature by default. */
    public static final int DEFAULT_GRID = 20;
    /** Score change tolerated against the declared direction by default. */
    public static final double DEFAULT_TOLERANCE = 1e-6;
    /** At most this many violations are listed per feature and check (all are counted). */
    public static final int MAX_LISTED = 50;
    /** At most this many bins of the attribution trend. */
    public static final int TREND_BINS = 10;

    /** A feature's outcome. */
    public enum Verdict { HOLDS, VIOLATED, NOT_CHECKED }

    /** One ICE step against the direction: in {@code row}, moving the feature from {@code from} to {@code to}. */
    public record IceViolation(@JsonProperty("row") int row, @JsonProperty("from_value") double fromValue,
                               @JsonProperty("to_value") double toValue,
                               @JsonProperty("from_output") double fromOutput,
                               @JsonProperty("to_output") double toOutput) {
    }

    /** A step of the mean attribution against the direction; {@code rows} are the rows at {@code toValue}. */
    public record TrendViolation(@JsonProperty("from_value") double fromValue, @JsonProperty("to_value") double toValue,
                                 @JsonProperty("from_mean_attribution") double fromMean,
                                 @JsonProperty("to_mean_attribution") double toMean,
                                 @JsonProperty("rows") List<Integer> rows) {
    }

    /** One declared feature's result. */
    public record FeatureResult(@JsonProperty("feature") String feature,
                                @JsonProperty("declared") String declared,
                                @JsonProperty("verdict") Verdict verdict,
                                @JsonProperty("note") String note,
                                @JsonProperty("rows_checked") int rowsChecked,
                                @JsonProperty("grid") double[] grid,
                                @JsonProperty("ice_violation_count") int iceViolationCount,
                                @JsonProperty("ice_violations") List<IceViolation> iceViolations,
                                @JsonProperty("trend_violations") List<TrendViolation> trendViolations,
                                @JsonProperty("violating_rows") List<Integer> violatingRows) {
        public FeatureResult {
            iceViolations = List.copyOf(iceViolations);
            trendViolations = List.copyOf(trendViolations);
            violatingRows = List.copyOf(violatingRows);
        }

        /** One line for a terminal or a list cell. */
        public String summary() {
            String head = feature + " (" + declared + "): " + verdict.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            return switch (verdict) {
                case NOT_CHECKED -> head + " — " + note;
                case HOLDS -> head + " on " + rowsChecked + " rows" + (trendViolations.isEmpty() ? ""
                        : "; the binned mean attribution goes against it at " + trendViolations.size()
                        + " step(s) (interactions)");
                case VIOLATED -> head + " — " + (iceViolationCount > 0 ? iceViolationCount + " ICE step(s)"
                        : trendViolations.size() + " attribution step(s)") + " against the direction in rows "
                        + abbreviate(violatingRows);
            };
        }
    }

    /**
     * The whole check.
     *
     * @param explainedOutput the explained output (class)
     * @param adverseOutput   whether that output is the adverse outcome (else directions are reversed)
     * @param table           the reason-code table's source, or null
     * @param tableSha256     its SHA-256, or null
     */
    public record Report(@JsonProperty("explained_output") String explainedOutput,
                         @JsonProperty("adverse_output") boolean adverseOutput,
                         @JsonProperty("reason_code_table") String table,
                         @JsonProperty("reason_code_table_sha256") String tableSha256,
                         @JsonProperty("ice") boolean ice,
                         @JsonProperty("tolerance") double tolerance,
                         @JsonProperty("holds") boolean holds,
                         @JsonProperty("features") List<FeatureResult> features) {
        public Report {
            features = List.copyOf(features);
        }

        /** The declared features that are violated. */
        @JsonIgnore
        public List<String> violated() {
            return features.stream().filter(f -> f.verdict() == Verdict.VIOLATED).map(FeatureResult::feature).toList();
        }

        /** The result of {@code feature}, or null. */
        public FeatureResult forFeature(String feature) {
            return features.stream().filter(f -> f.feature().equals(feature)).findFirst().orElse(null);
        }
    }

    private MonotonicityCheck() {
    }

    /**
     * The check of a classifier's local explanation: the ICE curves re-score P(explained class) when the model gives
     * probabilities (its attributions' output, or a monotone transform of it such as the log-odds), else the
     * class's output score (a margin or a vote share), or 1/0 for whether the class is predicted when the model gives
     * no score. The direction is reversed when the explained class is not {@code adverseClass}
     * (exact for two classes).
     *
     * @param reference the data the grid comes from (training data, else the explained data)
     */
    public static Report ofClassifier(org.tribuo.Model<org.tribuo.classification.Label> model,
                                      ExplanationReport report, ReasonCodeTable table, String adverseClass,
                                      FeatureTable reference, Cancellation cancel) {
        ModelFunction f = model.generatesProbabilities()
                ? TribuoFunctions.probability(model, report.explainedOutput())
                : score(model, report.explainedOutput());
        return check(report, table, f, FeatureTable.modelFeatures(model), reference,
                report.explainedOutput().equals(adverseClass), DEFAULT_GRID, DEFAULT_TOLERANCE, cancel);
    }

    /** The output score of {@code label}, else whether it is predicted (1) or not (0). */
    private static ModelFunction score(org.tribuo.Model<org.tribuo.classification.Label> model, String label) {
        TribuoFunctions.requireLabel(model, label);
        List<String> features = FeatureTable.modelFeatures(model);
        return rows -> {
            var predictions = model.predict(TribuoFunctions.examples(features, rows));
            double[] out = new double[rows.length];
            for (int r = 0; r < rows.length; r++) {
                var p = predictions.get(r);
                org.tribuo.classification.Label s = p.getOutputScores().get(label);
                out[r] = s != null && !Double.isNaN(s.getScore()) ? s.getScore()
                        : label.equals(p.getOutput().getLabel()) ? 1 : 0;
            }
            return out;
        };
    }

    /**
     * Runs the check.
     *
     * @param report        a local explanation (rows)
     * @param table         the reason-code table declaring the directions
     * @param model         the explained output as a function of rows in {@code modelFeatures} order, or null (no
     *                      ICE check)
     * @param modelFeatures the model's features, in the function's order
     * @param reference     the data the grid comes from (training data, else the explained data)
     * @param adverseOutput whether the explained output is the adverse outcome
     */
    public static Report check(ExplanationReport report, ReasonCodeTable table, ModelFunction model,
                               List<String> modelFeatures, FeatureTable reference, boolean adverseOutput,
                               int gridSize, double tolerance, Cancellation cancel) {
        if (report.rows().isEmpty()) {
            throw new IllegalArgumentException("the monotonicity check needs a local explanation (rows), "
                    + report.method() + " has none");
        }
        List<FeatureResult> results = new ArrayList<>();
        for (Map.Entry<String, ReasonCodeTable.Entry> e : table.entries().entrySet()) {
            ReasonCodeTable.Monotone m = e.getValue().monotone();
            if (m != null) {
                cancel.check();
                int sign = (m == ReasonCodeTable.Monotone.INCREASING ? 1 : -1) * (adverseOutput ? 1 : -1);
                results.add(feature(e.getKey(), m, sign, report, model, modelFeatures, reference, gridSize, tolerance));
            }
        }
        boolean holds = results.stream().noneMatch(f -> f.verdict() == Verdict.VIOLATED);
        return new Report(report.explainedOutput(), adverseOutput, table.source(), table.sha256(), model != null,
                tolerance, holds, results);
    }

    private static FeatureResult feature(String name, ReasonCodeTable.Monotone m, int sign, ExplanationReport report,
                                         ModelFunction model, List<String> modelFeatures, FeatureTable reference,
                                         int gridSize, double tol) {
        String declared = m.name().toLowerCase(Locale.ROOT);
        int col = modelFeatures.indexOf(name);
        if (col < 0) {
            return new FeatureResult(name, declared, Verdict.NOT_CHECKED, "not a feature of the model", 0,
                    new double[0], 0, List.of(), List.of(), List.of());
        }
        List<TrendViolation> trend = trend(report, name, sign, tol);
        TreeSet<Integer> violating = new TreeSet<>();
        List<IceViolation> ice = new ArrayList<>();
        int iceCount = 0;
        double[] grid = new double[0];
        if (model != null) {
            int refCol = reference.indexOf(name);
            double[] sorted = refCol < 0 ? new double[0] : Arrays.stream(reference.rows()).mapToDouble(r -> r[refCol])
                    .filter(v -> !Double.isNaN(v)).sorted().toArray();
            grid = Counterfactuals.quantiles(sorted, gridSize);
            for (ExplanationReport.RowExplanation row : report.rows()) {
                double[] x = rowInModelOrder(row, modelFeatures);
                double[][] batch = new double[grid.length][];
                for (int k = 0; k < grid.length; k++) {
                    batch[k] = x.clone();
                    batch[k][col] = grid[k];
                }
                double[] out = grid.length == 0 ? new double[0] : model.apply(batch);
                for (int k = 1; k < grid.length; k++) {
                    if (sign * (out[k] - out[k - 1]) < -tol) {
                        iceCount++;
                        violating.add(row.row());
                        if (ice.size() < MAX_LISTED) {
                            ice.add(new IceViolation(row.row(), grid[k - 1], grid[k], out[k - 1], out[k]));
                        }
                    }
                }
            }
        }
        boolean violated;
        if (model != null) {
            violated = iceCount > 0;
        } else {
            trend.forEach(t -> violating.addAll(t.rows()));
            violated = !trend.isEmpty();
        }
        String note = model == null ? "attribution trend only (no model to re-score)"
                : grid.length < 2 ? "fewer than two observed values: nothing to vary" : null;
        return new FeatureResult(name, declared, violated ? Verdict.VIOLATED : Verdict.HOLDS, note,
                report.rows().size(), grid, iceCount, ice, trend, List.copyOf(violating));
    }

    /**
     * The mean attribution per bin of the feature's value, checked between consecutive bins: the rows sorted by value
     * fill up to {@value #TREND_BINS} bins of about equal counts, rows of one value always in the same bin (a feature
     * with few values gets a bin per value).
     */
    static List<TrendViolation> trend(ExplanationReport report, String feature, int sign, double tol) {
        List<double[]> points = new ArrayList<>(); // value, row, attribution
        for (ExplanationReport.RowExplanation row : report.rows()) {
            for (ExplanationReport.FeatureAttribution f : row.features()) {
                if (f.name().equals(feature) && !Double.isNaN(f.value())) {
                    points.add(new double[]{f.value(), row.row(), f.attribution()});
                }
            }
        }
        points.sort(java.util.Comparator.comparingDouble((double[] p) -> p[0]).thenComparingDouble(p -> p[1]));
        int target = Math.max(1, (int) Math.ceil(points.size() / (double) TREND_BINS));
        List<List<double[]>> bins = new ArrayList<>();
        for (double[] p : points) {
            List<double[]> last = bins.isEmpty() ? null : bins.get(bins.size() - 1);
            if (last == null || (last.size() >= target && last.get(last.size() - 1)[0] != p[0])) {
                last = new ArrayList<>();
                bins.add(last);
            }
            last.add(p);
        }
        List<TrendViolation> out = new ArrayList<>();
        for (int b = 1; b < bins.size() && out.size() < MAX_LISTED; b++) {
            double before = mean(bins.get(b - 1));
            double after = mean(bins.get(b));
            if (sign * (after - before) < -tol) {
                out.add(new TrendViolation(bins.get(b - 1).get(0)[0], bins.get(b).get(0)[0], before, after,
                        bins.get(b).stream().map(p -> (int) p[1]).toList()));
            }
        }
        return out;
    }

    private static double mean(List<double[]> points) {
        return points.stream().mapToDouble(p -> p[2]).average().orElse(Double.NaN);
    }

    private static double[] rowInModelOrder(ExplanationReport.RowExplanation row, List<String> modelFeatures) {
        double[] x = new double[modelFeatures.size()];
        Arrays.fill(x, Double.NaN);
        for (ExplanationReport.FeatureAttribution f : row.features()) {
            int i = modelFeatures.indexOf(f.name());
            if (i >= 0) {
                x[i] = f.value();
            }
        }
        return x;
    }

    static String abbreviate(List<Integer> rows) {
        return rows.size() <= 8 ? rows.toString()
                : rows.subList(0, 8).toString().replace("]", ", … (" + rows.size() + " rows)]");
    }
}
