package dev.handoff.runs;

/** Which lifecycle stages a listing includes, as MLflow's {@code ViewType}. */
public enum ViewType {
    ACTIVE_ONLY, DELETED_ONLY, ALL;

    public boolean includes(LifecycleStage stage) {
        switch (this) {
            case ACTIVE_ONLY: return stage == LifecycleStage.ACTIVE;
            case DELETED_ONLY: return stage == LifecycleStage.DELETED;
            default: return true;
        }
    }
}
