package dev.handoff.drift;

/** How a column is profiled and compared: numbers, or labels compared by their frequencies. */
public enum ColumnKind {
    NUMERICAL, CATEGORICAL;

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
