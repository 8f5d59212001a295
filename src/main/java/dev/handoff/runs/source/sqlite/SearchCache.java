package dev.handoff.runs.source.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What recent searches of one database found (the ordered run ids of a query, whether the searched runs have an
 * irregular row), kept while the database is unchanged, so listing the same runs again (Reload, the next page, a
 * filter typed back) does not scan every run row again: MLflow's schema has no index that orders or selects runs by
 * experiment or start time, and a reader cannot add one.
 *
 * <p>Changes are seen by {@code PRAGMA data_version} on one read-only connection kept open: its value changes when any
 * other connection, in any process, commits to the database; then everything is dropped. Bounded by the number of
 * run ids held (least recently used entries go first).
 */
final class SearchCache implements AutoCloseable {
    /** At most this many run ids are held over all entries (about 100 MB at the very most). */
    static final int MAX_IDS = 1_000_000;

    interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final ConnectionFactory factory;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private Connection watch;
    private long version;
    private long held;
    private boolean closed;

    private record Entry(Object value, int size) {
    }

    SearchCache(ConnectionFactory factory) {
        this.factory = factory;
    }

    /** Drops every entry when the database changed since the last call (the first call opens the watch connection). */
    synchronized void validate() throws SQLException {
        if (closed) {
            entries.clear();
            return;
        }
        if (watch == null) {
            watch = factory.open();
            version = dataVersion();
            entries.clear();
            held = 0;
            return;
        }
        long v = dataVersion();
        if (v != version) {
            entries.clear();
            held = 0;
            version = v;
        }
    }

    private long dataVersion() throws SQLException {
        try (PreparedStatement ps = watch.prepareStatement("PRAGMA data_version"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @SuppressWarnings("unchecked")
    synchronized <T> T get(String key) {
        Entry e = entries.get(key);
        return e == null ? null : (T) e.value();
    }

    synchronized void put(String key, Object value, int size) {
        if (closed || size > MAX_IDS) {
            return;
        }
        Entry old = entries.put(key, new Entry(value, size));
        held += size - (old == null ? 0 : old.size());
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (held > MAX_IDS && it.hasNext()) {
            Map.Entry<String, Entry> eldest = it.next();
            if (eldest.getKey().equals(key)) {
                continue;
            }
            held -= eldest.getValue().size();
            it.remove();
        }
    }

    /** The ordered ids of {@code key}, held as an unmodifiable list. */
    void putIds(String key, List<String> ids) {
        put(key, List.copyOf(ids), ids.size());
    }

    @Override
    public synchronized void close() throws SQLException {
        closed = true;
        entries.clear();
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }
}
