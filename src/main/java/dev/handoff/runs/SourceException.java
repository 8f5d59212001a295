package dev.handoff.runs;

/** A source failed as a whole (store missing, server unreachable, 401...). The message names the path or URL. */
public class SourceException extends Exception {
    private final String location;

    public SourceException(String location, String message) {
        super(location == null || location.isEmpty() ? message : location + ": " + message);
        this.location = location;
    }

    public SourceException(String location, String message, Throwable cause) {
        super(location == null || location.isEmpty() ? message : location + ": " + message, cause);
        this.location = location;
    }

    public String location() {
        return location;
    }
}
