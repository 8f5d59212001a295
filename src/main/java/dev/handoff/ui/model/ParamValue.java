package dev.handoff.ui.model;

/**
 * A parameter value that sorts numerically when both sides are numbers and as text otherwise, so
 * {@code 2 < 10} while {@code "adam" < "sgd"}.
 */
public record ParamValue(String text, double number) implements Comparable<ParamValue> {

    /** null for a missing parameter. */
    public static ParamValue of(String text) {
        if (text == null) {
            return null;
        }
        return new ParamValue(text, parse(text));
    }

    /** The number, or NaN when the text is not one. */
    public static double parse(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public boolean numeric() {
        return !Double.isNaN(number);
    }

    @Override
    public int compareTo(ParamValue o) {
        if (numeric() && o.numeric()) {
            return Double.compare(number, o.number);
        }
        if (numeric() != o.numeric()) {
            return numeric() ? -1 : 1;
        }
        return text.compareTo(o.text);
    }

    @Override
    public String toString() {
        return text;
    }
}
