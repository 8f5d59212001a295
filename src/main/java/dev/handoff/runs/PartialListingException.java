package dev.handoff.runs;

/**
 * A search that failed part-way (e.g. the tracking server went away after some pages were read). The pages read
 * before the failure are kept in {@link #loaded()}, so a caller can show them with the error instead of nothing.
 * The message is the failing page's, which names its URL or path.
 */
public class PartialListingException extends SourceException {
    private final transient RunPage loaded;

    public PartialListingException(SourceException cause, RunPage loaded) {
        super(cause.location(), stripLocation(cause), cause);
        this.loaded = loaded;
    }

    /** The runs (and problems) of every page read before the failure; its {@code nextPageToken} is the failed page's. */
    public RunPage loaded() {
        return loaded;
    }

    private static String stripLocation(SourceException e) {
        String m = e.getMessage();
        String loc = e.location();
        return loc != null && !loc.isEmpty() && m.startsWith(loc + ": ") ? m.substring(loc.length() + 2) : m;
    }
}
