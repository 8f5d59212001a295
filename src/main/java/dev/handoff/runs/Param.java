package dev.handoff.runs;

import java.util.Objects;

/** A run parameter (MLflow stores every value as a string). */
public record Param(String key, String value) {
    public Param {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
