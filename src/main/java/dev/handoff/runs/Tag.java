package dev.handoff.runs;

import java.util.Objects;

/** A run or experiment tag. Tags prefixed {@code mlflow.} are MLflow's system tags. */
public record Tag(String key, String value) {
    public static final String RUN_NAME = "mlflow.runName";
    public static final String PARENT_RUN_ID = "mlflow.parentRunId";
    public static final String USER = "mlflow.user";
    public static final String SOURCE_NAME = "mlflow.source.name";
    public static final String NOTE = "mlflow.note.content";

    public Tag {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
