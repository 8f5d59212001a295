package dev.handoff.runs;

import java.util.Objects;

/**
 * MLflow's run info.
 *
 * @param endTime epoch millis, or -1 while running / unknown
 */
public record RunInfo(String runId, String runName, String experimentId, String userId, RunStatus status,
                      long startTime, long endTime, String artifactUri, LifecycleStage lifecycleStage) {
    public RunInfo {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lifecycleStage, "lifecycleStage");
        runName = runName == null ? "" : runName;
        userId = userId == null ? "" : userId;
        artifactUri = artifactUri == null ? "" : artifactUri;
    }

    /** Duration in millis, or -1 when the run has no end time. */
    public long durationMillis() {
        return endTime >= 0 && startTime >= 0 ? endTime - startTime : -1;
    }
}
