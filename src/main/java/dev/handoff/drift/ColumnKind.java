package dev.handoff.drift;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a column is profiled and compared: numbers, or labels compared by their frequencies. */
public enum ColumnKind {
    NUMERICAL, CATEGORICAL;

    /** {@code numerical} / {@code categorical}, as in the profile's JSON. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ColumnKind of(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
