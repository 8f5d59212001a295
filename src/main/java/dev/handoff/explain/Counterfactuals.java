package dev.handoff.explain;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counterfactual explanations: for one row, small changes to actionable features that flip the classifier's decision
 * (the predicted class changes), each verified by re-scoring the model.
 *
 * <p>The search, in full:
 * <ol>
 *   <li><b>Actionable features</b> are the features the model uses ({@link PrincipalReasons#usedFeatures}) that the
 *       {@link ReasonCodeTable} does not declare {@code immutable}; immutable ones (age, a protected attribute) are
 *       never changed.</li>
 *   <li><b>Candidate values</b> per actionable feature are the training data's empirical quantiles: {@code gridSize}
 *       order statistics at evenly spaced ranks (all distinct values if there are fewer), so every proposed value was
 *       seen in training and integer features stay integers.</li>
 *   <li><b>Cost</b> of a change set is the normalized L1 distance {@code Σ |x'_i − x_i| / MAD_i} (median absolute
 *       deviation in training; the standard deviation if the MAD is 0, else 1) plus {@code sparsityPenalty} per
 *       changed feature, so fewer changed features are preferred at equal distance.</li>
 *   <li><b>Beam search</b>: level {@code k} extends each kept change set by one more feature set to one of its
 *       candidate values, for {@code k = 1 .. maxChanges}. All candidates of a level are scored in one batch.
 *       Those that flip the decision are solutions; of the others, the {@code beamWidth} with the lowest score of the
 *       original class (ties: lower cost) are extended at the next level.</li>
 *   <li><b>Pull-back</b>: each solution is refined greedily: every change is moved to the candidate value closest to
 *       the original that still flips, and dropped if the decision flips without it.</li>
 *   <li><b>Diverse selection</b>: solutions are taken cheapest first, skipping one whose set of changed features
 *       equals or contains an already chosen one's set; if that leaves fewer than {@code count}, the skipped ones
 *       fill up, cheapest first.</li>
 *   <li><b>Verification</b>: every chosen counterfactual is predicted again on its own, the new class and the score
 *       of the adverse class are recorded; one that does not flip is dropped (with a warning).</li>
 * </ol>
 */
public final class Counterfactuals {

    /**
     * Search settings.
     *
     * @param count           how many counterfactuals to return at most
     * @param maxChanges      at most this many features changed together
     * @param gridSize        candidate values (quantiles) per feature
     * @param beamWidth       change sets kept per level
     * @param sparsityPenalty cost added per changed feature
     */
    public record Options(int count, int maxChanges, int gridSize, int beamWidth, double sparsityPenalty) {
        public static final Options DEFAULTS = new Options(3, 3, 20, 12, 0.5);

        public Options {
            if (count < 1 || maxChanges < 1 || gridSize < 2 || beamWidth < 1 || sparsityPenalty < 0) {
                throw new IllegalArgumentException("counterfactual search needs count, maxChanges, beamWidth >= 1, "
                        + "gridSize >= 2 and sparsityPenalty >= 0");
            }
        }

        /** These options returning {@code n} counterfactuals. */
        public Options withCount(int n) {
            return new Options(n, maxChanges, gridSize, beamWidth, sparsityPenalty);
        }
    }

    /** One changed feature. */
    public record Change(@JsonProperty("feature") String feature, @JsonProperty("from") double from,
                         @JsonProperty("to") double to) {
    }

    /**
     * One counterfactual, as re-scored.
     *
     * @param distance     normalized L1 distance (without the sparsity penalty)
     * @param newScore     the model's score of the adverse class for the changed row (probability if the model has
     *                     probabilities)
     * @param verified     the re-scored prediction differs from the original one
     */
    public record Counterfactual(@JsonProperty("changes") List<Change> changes,
                                 @JsonProperty("distance") double distance,
                                 @JsonProperty("new_prediction") String newPrediction,
                                 @JsonProperty("new_score") double newScore,
                                 @JsonProperty("verified") boolean verified) {
        public Counterfactual {
            changes = List.copyOf(changes);
        }
    }

    /**
     * The counterfactuals of one row.
     *
     * @param originalScore the adverse class's score for the row as it is
     * @param search        the search's settings and the data its grid came from
     */
    public record Result(@JsonProperty("row") int row,
                         @JsonProperty("original_prediction") String originalPrediction,
                         @JsonProperty("original_score") double originalScore,
                         @JsonProperty("adverse_class") String adverseClass,
                         @JsonProperty("actionable") List<String> actionable,
                         @JsonProperty("immutable") List<String> immutable,
                         @JsonProperty("search") Map<String, String> search,
                         @JsonProperty("counterfactuals") List<Counterfactual> counterfactuals,
                         @JsonProperty("warnings") List<String> warnings) {
        public Result {
            actionable = List.copyOf(actionable);
            immutable = List.copyOf(immutable);
            search = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(search));
            counterfactuals = List.copyOf(counterfactuals);
            warnings = List.copyOf(warnings);
        }
    }

    /** A predicted class and the adverse class's score per row. */
    record Scored(String predicted, double adverseScore, double originalScore) {
    }

    private final Model<Label> model;
    private final List<String> features;
    private final String adverseClass;
    private final ReferenceData reference;
    private final ReasonCodeTable table;
    private final Options options;
    private final int[] actionable;
    private final double[][] grid;
    private final double[] scale;

    /**
     * @param reference the training data the candidate values and scales come from
     * @param table     the reason-code table (immutable features), or null: every used feature is actionable
     */
    public Counterfactuals(Model<Label> model, String adverseClass, ReferenceData reference, ReasonCodeTable table,
                           Options options) {
        this.model = model;
        this.features = FeatureTable.modelFeatures(model);
        TribuoFunctions.requireLabel(model, adverseClass);
        this.adverseClass = adverseClass;
        this.reference = reference;
        this.table = table;
        this.options = options;
        FeatureTable ref = reference.table().alignTo(features);
        Set<String> used = PrincipalReasons.usedFeatures(model);
        List<Integer> act = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            if (used.contains(features.get(i)) && (table == null || !table.isImmutable(features.get(i)))) {
                act.add(i);
            }
        }
        this.actionable = act.stream().mapToInt(Integer::intValue).toArray();
        this.grid = new double[features.size()][];
        this.scale = new double[features.size()];
        for (int i : actionable) {
            double[] column = column(ref, i);
            grid[i] = quantiles(column, options.gridSize());
            scale[i] = scale(column);
        }
    }

    /** The actionable features, in model order. */
    public List<String> actionableFeatures() {
        return Arrays.stream(actionable).mapToObj(features::get).toList();
    }

    /** Searches counterfactuals for {@code x} (model feature order), data row {@code row}. */
    public Result search(int row, double[] x, ProgressListener progress, Cancellation cancel) {
        Scored original = score(new double[][]{x}, null)[0];
        String from = original.predicted();
        List<String> warnings = new ArrayList<>();
        if (actionable.length == 0) {
            warnings.add("No actionable feature: every feature the model uses is immutable in the reason-code table");
        }
        List<double[]> solutions = beam(x, from, progress, cancel, warnings);
        List<double[]> refined = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (double[] s : solutions) {
            cancel.check();
            double[] r = pullBack(x, s, from);
            if (seen.add(Arrays.toString(r))) {
                refined.add(r);
            }
        }
        refined.sort(Comparator.comparingDouble(c -> cost(x, c)));
        List<Counterfactual> out = new ArrayList<>();
        for (double[] c : diverse(x, refined)) {
            Scored again = score(new double[][]{c}, from)[0];
            boolean flipped = !again.predicted().equals(from);
            if (!flipped) {
                warnings.add("A candidate did not flip when re-scored and was dropped: " + changes(x, c));
                continue;
            }
            out.add(new Counterfactual(changes(x, c), distance(x, c), again.predicted(), again.adverseScore(), true));
        }
        if (out.isEmpty()) {
            warnings.add("No change of at most " + options.maxChanges() + " actionable features within the training"
                    + " ranges flips the decision '" + from + "'");
        }
        progress.progress(options.maxChanges() + 1L, options.maxChanges() + 1L, "Verified " + out.size());
        return new Result(row, from, original.adverseScore(), adverseClass, actionableFeatures(),
                table == null ? List.of() : table.immutableFeatures(), searchParameters(), out, warnings);
    }

    private Map<String, String> searchParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("algorithm", "beam search over training quantile grids, normalized L1 (MAD) + sparsity penalty,"
                + " greedy pull-back, diverse by changed-feature sets");
        p.put("count", Integer.toString(options.count()));
        p.put("maxChanges", Integer.toString(options.maxChanges()));
        p.put("gridSize", Integer.toString(options.gridSize()));
        p.put("beamWidth", Integer.toString(options.beamWidth()));
        p.put("sparsityPenalty", Double.toString(options.sparsityPenalty()));
        p.put("training", reference.source());
        p.put("trainingRows", Integer.toString(reference.table().numRows()));
        if (reference.sha256() != null) {
            p.put("trainingSha256", reference.sha256());
        }
        if (table != null) {
            p.put("reasonCodesSha256", table.sha256());
        }
        return p;
    }

    /** Level by level; returns every candidate that flipped. */
    private List<double[]> beam(double[] x, String from, ProgressListener progress, Cancellation cancel,
                                List<String> warnings) {
        List<double[]> beam = List.of(x.clone());
        List<double[]> solutions = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        for (int level = 1; level <= options.maxChanges() && !beam.isEmpty(); level++) {
            List<double[]> candidates = new ArrayList<>();
            for (double[] state : beam) {
                for (int i : actionable) {
                    if (state[i] != x[i] && !(Double.isNaN(state[i]) && Double.isNaN(x[i]))) {
                        continue; // already changed
                    }
                    for (double v : grid[i]) {
                        if (v == x[i]) {
                            continue;
                        }
                        double[] c = state.clone();
                        c[i] = v;
                        if (visited.add(Arrays.toString(c))) {
                            candidates.add(c);
                        }
                    }
                }
            }
            cancel.check();
            Scored[] scored = score(candidates.toArray(double[][]::new), from);
            List<Integer> open = new ArrayList<>();
            for (int k = 0; k < scored.length; k++) {
                if (!scored[k].predicted().equals(from)) {
                    solutions.add(candidates.get(k));
                } else {
                    open.add(k);
                }
            }
            open.sort(Comparator.comparingDouble((Integer k) -> scored[k].originalScore())
                    .thenComparingDouble(k -> cost(x, candidates.get(k))));
            beam = open.subList(0, Math.min(options.beamWidth(), open.size())).stream().map(candidates::get).toList();
            progress.progress(level, options.maxChanges() + 1L, "Level " + level + ": " + candidates.size()
                    + " candidates, " + solutions.size() + " flip");
            if (solutions.size() >= 4L * options.count() * options.beamWidth()) {
                break; // enough to choose from; deeper levels only cost more
            }
        }
        return solutions;
    }

    /** Moves each change toward the original while the decision stays flipped; drops changes that are not needed. */
    private double[] pullBack(double[] x, double[] solution, String from) {
        double[] c = solution.clone();
        for (int i : actionable) {
            if (Double.compare(c[i], x[i]) == 0) {
                continue;
            }
            List<double[]> tries = new ArrayList<>();
            double[] dropped = c.clone();
            dropped[i] = x[i];
            tries.add(dropped);
            double lo = Math.min(x[i], c[i]);
            double hi = Math.max(x[i], c[i]);
            double[] closer = Arrays.stream(grid[i]).filter(v -> v > lo && v < hi && v != x[i])
                    .boxed().sorted(Comparator.comparingDouble(v -> Math.abs(v - x[i])))
                    .mapToDouble(Double::doubleValue).toArray();
            for (double v : closer) {
                double[] t = c.clone();
                t[i] = v;
                tries.add(t);
            }
            Scored[] s = score(tries.toArray(double[][]::new), from);
            for (int k = 0; k < s.length; k++) {
                if (!s[k].predicted().equals(from)) {
                    c = tries.get(k);
                    break;
                }
            }
        }
        return c;
    }

    /** Cheapest first, preferring change sets on features no chosen one already covers. */
    private List<double[]> diverse(double[] x, List<double[]> sorted) {
        List<double[]> chosen = new ArrayList<>();
        List<Set<Integer>> sets = new ArrayList<>();
        List<double[]> skipped = new ArrayList<>();
        for (double[] c : sorted) {
            if (chosen.size() == options.count()) {
                break;
            }
            Set<Integer> set = changed(x, c);
            if (sets.stream().anyMatch(set::containsAll)) {
                skipped.add(c);
            } else {
                chosen.add(c);
                sets.add(set);
            }
        }
        for (double[] c : skipped) {
            if (chosen.size() == options.count()) {
                break;
            }
            chosen.add(c);
        }
        chosen.sort(Comparator.comparingDouble(c -> cost(x, c)));
        return chosen;
    }

    private Set<Integer> changed(double[] x, double[] c) {
        Set<Integer> s = new HashSet<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.compare(x[i], c[i]) != 0) {
                s.add(i);
            }
        }
        return s;
    }

    private List<Change> changes(double[] x, double[] c) {
        List<Change> out = new ArrayList<>();
        for (int i : changed(x, c).stream().sorted().mapToInt(Integer::intValue).toArray()) {
            out.add(new Change(features.get(i), x[i], c[i]));
        }
        return out;
    }

    /** Normalized L1 distance of the changed features. */
    double distance(double[] x, double[] c) {
        double d = 0;
        for (int i : changed(x, c)) {
            double from = Double.isNaN(x[i]) ? 0.0 : x[i];
            d += Math.abs(c[i] - from) / (scale[i] > 0 ? scale[i] : 1.0);
        }
        return d;
    }

    private double cost(double[] x, double[] c) {
        return distance(x, c) + options.sparsityPenalty() * changed(x, c).size();
    }

    /** Predicts rows in one batch: class, adverse score and the score of {@code original} (null: the predicted). */
    private Scored[] score(double[][] rows, String original) {
        if (rows.length == 0) {
            return new Scored[0];
        }
        List<Prediction<Label>> predictions = model.predict(TribuoFunctions.examples(features, rows));
        Scored[] out = new Scored[rows.length];
        for (int r = 0; r < rows.length; r++) {
            Prediction<Label> p = predictions.get(r);
            String predicted = p.getOutput().getLabel();
            Label adverse = p.getOutputScores().get(adverseClass);
            Label orig = p.getOutputScores().get(original == null ? predicted : original);
            out[r] = new Scored(predicted, adverse == null ? Double.NaN : adverse.getScore(),
                    orig == null ? Double.NaN : orig.getScore());
        }
        return out;
    }

    private static double[] column(FeatureTable t, int i) {
        return Arrays.stream(t.rows()).mapToDouble(r -> r[i]).filter(v -> !Double.isNaN(v)).sorted().toArray();
    }

    /** {@code n} order statistics at evenly spaced ranks of a sorted column, distinct. */
    static double[] quantiles(double[] sorted, int n) {
        if (sorted.length == 0) {
            return new double[0];
        }
        double[] q = new double[n];
        for (int k = 0; k < n; k++) {
            q[k] = sorted[(int) Math.round((double) k * (sorted.length - 1) / (n - 1))];
        }
        return Arrays.stream(q).distinct().toArray();
    }

    /** MAD of a sorted column, else its standard deviation, else 1. */
    static double scale(double[] sorted) {
        if (sorted.length == 0) {
            return 1.0;
        }
        double median = sorted[sorted.length / 2];
        double[] dev = Arrays.stream(sorted).map(v -> Math.abs(v - median)).sorted().toArray();
        double mad = dev[dev.length / 2];
        if (mad > 0) {
            return mad;
        }
        double mean = Arrays.stream(sorted).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(sorted).map(v -> (v - mean) * (v - mean)).average().orElse(0));
        return sd > 0 ? sd : 1.0;
    }
}
