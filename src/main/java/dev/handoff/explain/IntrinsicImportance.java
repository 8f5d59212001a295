package dev.handoff.explain;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Model;
import org.tribuo.common.xgboost.XGBoostFeatureImportance;
import org.tribuo.common.xgboost.XGBoostModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The importances a model carries itself: Tribuo's {@code getTopFeatures} (linear models: signed weights per class;
 * trees: split counts) and XGBoost's gain / cover / weight statistics. They describe the model, not held-out
 * behaviour; compare with {@link PermutationImportance}.
 */
public final class IntrinsicImportance {

    /** XGBoost's importance statistics, as Tribuo's {@link XGBoostFeatureImportance} exposes them. */
    public enum XGBoostStatistic {
        /** Average loss reduction of the splits on a feature. */
        GAIN,
        /** Average number of rows (hessian) affected by splits on a feature. */
        COVER,
        /** Number of splits on a feature. */
        WEIGHT,
        /** Total loss reduction. */
        TOTAL_GAIN,
        /** Total cover. */
        TOTAL_COVER
    }

    private IntrinsicImportance() {
    }

    /** Outputs {@link #topFeatures} can be asked for (class names, or {@link Model#ALL_OUTPUTS}). */
    public static List<String> outputs(Model<?> model) {
        return List.copyOf(model.getTopFeatures(1).keySet());
    }

    /**
     * Tribuo's {@code getTopFeatures(-1)} for one output, without the bias term.
     *
     * @param output a class name or {@link Model#ALL_OUTPUTS}; {@code null} picks the only output if there is one
     */
    public static FeatureImportance topFeatures(Model<?> model, String output) {
        Map<String, List<Pair<String, Double>>> top = model.getTopFeatures(-1);
        String key = output;
        if (key == null) {
            if (top.size() != 1) {
                throw new IllegalArgumentException("Model '" + model.getName() + "' ranks features per output "
                        + top.keySet() + "; name one");
            }
            key = top.keySet().iterator().next();
        }
        List<Pair<String, Double>> list = top.get(key);
        if (list == null) {
            throw new IllegalArgumentException("No top features for output '" + key + "'; available: "
                    + top.keySet());
        }
        List<FeatureImportance.Entry> entries = new ArrayList<>();
        for (Pair<String, Double> p : list) {
            if (!Model.BIAS_FEATURE.equals(p.getA())) {
                entries.add(new FeatureImportance.Entry(p.getA(), p.getB(), Double.NaN));
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("model", model.getClass().getSimpleName());
        params.put("output", key);
        return new FeatureImportance("model top features (" + model.getClass().getSimpleName() + ")", entries,
                params);
    }

    /** XGBoost's own importance statistic over all features the booster split on. */
    public static FeatureImportance xgboost(XGBoostModel<?> model, XGBoostStatistic statistic) {
        List<XGBoostFeatureImportance> importances = model.getFeatureImportance();
        if (importances.isEmpty()) {
            throw new IllegalArgumentException("XGBoost model '" + model.getName() + "' has no boosters");
        }
        XGBoostFeatureImportance fi = importances.get(0);
        Map<String, Double> values = switch (statistic) {
            case GAIN -> fi.getGain();
            case COVER -> fi.getCover();
            case WEIGHT -> fi.getWeight();
            case TOTAL_GAIN -> fi.getTotalGain();
            case TOTAL_COVER -> fi.getTotalCover();
        };
        List<FeatureImportance.Entry> entries = new ArrayList<>();
        values.forEach((feature, v) -> entries.add(new FeatureImportance.Entry(feature, v, Double.NaN)));
        return new FeatureImportance("XGBoost " + statistic.name().toLowerCase().replace('_', ' '), entries,
                Map.of("statistic", statistic.name()));
    }
}
