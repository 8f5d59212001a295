package dev.handoff.runs;

/**
 * A source cannot answer this kind of question at all (a test double without a Model Registry, say), as opposed to
 * failing to read: views show it as a plain message, not as an error.
 */
public class NotSupportedException extends SourceException {
    public NotSupportedException(String location, String message) {
        super(location, message);
    }
}
