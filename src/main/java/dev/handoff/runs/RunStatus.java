package dev.handoff.runs;

import java.util.Locale;

/** MLflow run status. The file store writes the integer code, SQLite and REST the name. */
public enum RunStatus {
    RUNNING(1), SCHEDULED(2), FINISHED(3), FAILED(4), KILLED(5);

    private final int code;

    RunStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static RunStatus fromCode(int code) {
        for (RunStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown run status code " + code + " (expected 1..5)");
    }

    /** Accepts the name ({@code FINISHED}) or the integer code ({@code 3}). */
    public static RunStatus parse(String s) {
        if (s == null) {
            throw new IllegalArgumentException("status is missing");
        }
        String t = s.trim();
        if (!t.isEmpty() && Character.isDigit(t.charAt(0))) {
            return fromCode(Integer.parseInt(t));
        }
        try {
            return valueOf(t.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown run status '" + s + "'");
        }
    }
}
