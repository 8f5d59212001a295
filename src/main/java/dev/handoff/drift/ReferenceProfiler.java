package dev.handoff.drift;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a bundle's {@link ReferenceProfile} from the training and/or held-out CSV files. */
public final class ReferenceProfiler {
    /**
     * @param features        the model's features (numerical, required in every file)
     * @param labelColumn     the label column (profiled as label frequencies when present)
     * @param positiveLabel   the positive class (the score is its probability)
     * @param sensitiveColumn a categorical column profiled and monitored beside the features, or null
     * @param scorer          the model's scorer, or null (no score profile)
     */
    public record Spec(List<String> features, String labelColumn, String positiveLabel, String sensitiveColumn,
                       Scorer scorer) {
        public Spec {
            features = List.copyOf(features);
        }
    }

    private ReferenceProfiler() {
    }

    public static ReferenceProfile build(Spec spec, Path trainingCsv, Path heldOutCsv, Instant now) throws IOException {
        if (trainingCsv == null && heldOutCsv == null) {
            throw new IllegalArgumentException("a reference profile needs training or held-out data");
        }
        Map<String, DatasetProfile> datasets = new LinkedHashMap<>();
        Profiler profiler = Profiler.defaults();
        if (trainingCsv != null) {
            datasets.put(ReferenceProfile.TRAINING, profile(profiler, ReferenceProfile.TRAINING, spec, trainingCsv));
        }
        if (heldOutCsv != null) {
            datasets.put(ReferenceProfile.HELD_OUT, profile(profiler, ReferenceProfile.HELD_OUT, spec, heldOutCsv));
        }
        List<String> monitored = new ArrayList<>(spec.features());
        String reference = trainingCsv != null ? ReferenceProfile.TRAINING : ReferenceProfile.HELD_OUT;
        if (spec.sensitiveColumn() != null && datasets.get(reference).column(spec.sensitiveColumn()).isPresent()) {
            monitored.add(spec.sensitiveColumn());
        }
        return new ReferenceProfile(ReferenceProfile.FORMAT, now.toString(), spec.features(), spec.labelColumn(),
                spec.positiveLabel(), spec.sensitiveColumn(), profiler.settings(), MonitoringPlan.defaults(reference, monitored),
                datasets);
    }

    private static DatasetProfile profile(Profiler profiler, String role, Spec spec, Path csv) throws IOException {
        Map<String, ColumnKind> required = new LinkedHashMap<>();
        spec.features().forEach(f -> required.put(f, ColumnKind.NUMERICAL));
        Map<String, ColumnKind> optional = new LinkedHashMap<>();
        if (spec.labelColumn() != null) {
            optional.put(spec.labelColumn(), ColumnKind.CATEGORICAL);
        }
        if (spec.sensitiveColumn() != null) {
            optional.put(spec.sensitiveColumn(), ColumnKind.CATEGORICAL);
        }
        DataTable table = DataTable.read(csv, required, optional);
        List<String> columns = new ArrayList<>(spec.features());
        if (spec.sensitiveColumn() != null && table.has(spec.sensitiveColumn())) {
            columns.add(spec.sensitiveColumn());
        }
        double[] score = spec.scorer() == null ? null : spec.scorer().score(table).probability();
        String[] labels = spec.labelColumn() != null && table.has(spec.labelColumn()) ? table.labels(spec.labelColumn()) : null;
        return profiler.profile(role, table, columns, score, labels, 2);
    }
}
