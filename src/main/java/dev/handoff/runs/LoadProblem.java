package dev.handoff.runs;

import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Something a source could not read, kept as a value so the UI can list it beside what did load.
 *
 * @param kind     "experiment", "run", "metric", ...
 * @param id       experiment or run id when known, else the folder name
 * @param location file path or URL at fault
 * @param line     1-based line number in that file, or 0 when not line-specific
 * @param message  what is wrong, for a human
 */
public record LoadProblem(String kind, String id, String location, int line, String message) {
    public LoadProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        id = id == null ? "" : id;
        location = location == null ? "" : location;
    }

    /**
     * Logs this problem (WARN, with {@code cause}'s stack trace, or none when null) and returns it: every source
     * records the problems it finds this way, so each reaches the log as well as the list the UI and CLI show.
     */
    public LoadProblem logged(Throwable cause) {
        // the logger is looked up only when a problem occurs: a CLI run that meets none never starts logging
        LoggerFactory.getLogger(LoadProblem.class).warn("unreadable {}", describe(), cause);
        return this;
    }

    /** e.g. {@code run 1a2b…: /x/mlruns/1/1a2b/metrics/loss line 3: truncated metric line} */
    public String describe() {
        StringBuilder sb = new StringBuilder(kind);
        if (!id.isEmpty()) {
            sb.append(' ').append(id);
        }
        sb.append(": ");
        if (!location.isEmpty()) {
            sb.append(location);
            if (line > 0) {
                sb.append(" line ").append(line);
            }
            sb.append(": ");
        }
        return sb.append(message).toString();
    }
}
