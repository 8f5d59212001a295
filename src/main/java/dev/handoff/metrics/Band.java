package dev.handoff.metrics;

/** The shaded band drawn around a group's line, step by step. */
public enum Band {
    /** No band: the line only. */
    NONE("no band"),
    /** From the smallest to the largest value of the runs at the step. */
    MINMAX("min–max"),
    /** The line ± the sample standard deviation (n − 1 in the denominator, numpy's {@code std(ddof=1)}). */
    STD("± std"),
    /** The line ± the standard error of the mean, std / √n. */
    STDERR("± stderr");

    private final String label;

    Band(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
