package dev.handoff.runs;

/** MLflow's lifecycle stage of an experiment or a run. */
public enum LifecycleStage {
    ACTIVE, DELETED;

    /** Parses MLflow's spelling ({@code active} / {@code deleted}), case-insensitive. */
    public static LifecycleStage parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("lifecycle_stage is missing");
        }
        switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "active": return ACTIVE;
            case "deleted": return DELETED;
            default: throw new IllegalArgumentException("unknown lifecycle_stage '" + s + "' (expected active or deleted)");
        }
    }

    public String mlflowName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
