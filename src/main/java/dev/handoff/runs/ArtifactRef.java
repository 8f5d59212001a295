package dev.handoff.runs;

import java.util.Objects;

/**
 * An artifact of a run.
 *
 * @param path     relative to the run's artifact root, '/'-separated
 * @param fileSize bytes, or -1 for directories / unknown
 */
public record ArtifactRef(String runId, String path, boolean directory, long fileSize) {
    public ArtifactRef {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(path, "path");
    }

    public String fileName() {
        int i = path.lastIndexOf('/');
        return i < 0 ? path : path.substring(i + 1);
    }
}
