package dev.handoff.drift;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code monitoring/reference_profile.json}: the baseline a bundle carries for drift monitoring. One
 * {@link DatasetProfile} per data set ({@code training}, {@code held_out}), the model's features, label and positive
 * class, the sensitive column, and the {@link MonitoringPlan}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferenceProfile(String format, String created, List<String> features, String labelColumn,
                               String positiveLabel, String sensitiveColumn, Settings settings, MonitoringPlan plan,
                               Map<String, DatasetProfile> datasets) {
    public static final String FORMAT = "handoff-reference-profile/1";
    public static final String TRAINING = "training";
    public static final String HELD_OUT = "held_out";

    /** How the profiles were made (so later comparisons know what the numbers mean). */
    public record Settings(List<Double> quantiles, int histogramBins, int maxDistinctValues, int sketchPoints) {
        public static Settings defaults() {
            return new Settings(List.of(0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0), 10, 5000, 1001);
        }
    }

    public ReferenceProfile {
        features = List.copyOf(features);
        datasets = Map.copyOf(datasets);
    }

    /** The data set new data is compared with: the plan's reference, else training, else held-out. */
    public DatasetProfile reference() {
        return dataset(plan.reference()).or(() -> dataset(TRAINING)).or(() -> dataset(HELD_OUT))
                .orElseThrow(() -> new IllegalStateException("the reference profile has no data set"));
    }

    public Optional<DatasetProfile> dataset(String role) {
        return Optional.ofNullable(role == null ? null : datasets.get(role));
    }
}
