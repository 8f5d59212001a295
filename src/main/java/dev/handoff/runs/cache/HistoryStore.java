package dev.handoff.runs.cache;

import dev.handoff.runs.Metric;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-disk store of finished runs' metric histories: one file per key (SHA-256 of the key), a header
 * repeating the full key, the point count and a CRC32 of the payload; written to a temp file in the
 * same folder and moved into place atomically. A corrupt or mismatched entry is deleted and read as a miss.
 */
public final class HistoryStore {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);
    private static final int MAGIC = 0x48574843; // "HWHC"
    private static final int VERSION = 1;

    /** Default size bound of the store's folder: 512 MiB. */
    public static final long DEFAULT_MAX_BYTES = 512L << 20;

    private final Path dir;
    private final long maxBytes;

    public HistoryStore(Path dir) {
        this(dir, DEFAULT_MAX_BYTES);
    }

    /** A store whose entries are evicted, least recently read or written first, once they exceed {@code maxBytes}. */
    public HistoryStore(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    private static HistoryStore shared;

    /** The process's one store, in {@link #defaultDir()} with the default bound (every remote source uses it). */
    public static synchronized HistoryStore shared() {
        if (shared == null) {
            shared = new HistoryStore(defaultDir());
        }
        return shared;
    }

    /** The folder a store uses by default: {@code handoff.cache.dir}, else {@code $XDG_CACHE_HOME}, else {@code ~/.cache}. */
    public static Path defaultDir() {
        String prop = System.getProperty("handoff.cache.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).resolve("histories");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("handoff-workbench").resolve("histories");
    }

    /**
     * The entry key of a finished run's metric: the server URL without credentials, query or trailing
     * slash, then experiment, run, metric and the run's end time, so a re-finished run gets a new key.
     */
    public static String key(String serverUrl, String experimentId, String runId, String metricKey, long endTime) {
        java.net.URI u = java.net.URI.create(serverUrl.trim());
        String server = (u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT) + "://")
                + (u.getHost() == null ? "" : u.getHost().toLowerCase(java.util.Locale.ROOT))
                + (u.getPort() < 0 ? "" : ":" + u.getPort())
                + (u.getPath() == null ? "" : u.getPath().replaceAll("/+$", ""));
        return String.join("\n", server, experimentId, runId, metricKey, Long.toString(endTime));
    }

    public Path dir() {
        return dir;
    }

    public Path fileFor(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h) + ".hist");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code points} under {@code key} atomically. */
    public void put(String key, List<Metric> points) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream p = new DataOutputStream(payload);
        for (Metric m : points) {
            p.writeLong(m.step());
            p.writeLong(m.timestamp());
            p.writeLong(Double.doubleToRawLongBits(m.value()));
        }
        p.flush();
        byte[] body = payload.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(all);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(key);
        out.writeInt(points.size());
        out.writeLong(crc.getValue());
        out.write(body);
        out.flush();
        Files.createDirectories(dir);
        Path target = fileFor(key);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".part");
        try {
            Files.write(tmp, all.toByteArray());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        evict(target);
    }

    private synchronized void evict(Path keep) throws IOException {
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = new ArrayList<>(s.filter(f -> f.getFileName().toString().endsWith(".hist")).toList());
        }
        java.util.Map<Path, Long> mtime = new java.util.HashMap<>();
        long total = 0;
        for (Path f : files) {
            try {
                mtime.put(f, Files.getLastModifiedTime(f).toMillis());
                total += Files.size(f);
            } catch (IOException gone) {
                mtime.put(f, Long.MAX_VALUE);
            }
        }
        files.sort(java.util.Comparator.comparing(mtime::get));
        for (Path f : files) {
            if (total <= maxBytes) {
                break;
            }
            if (!f.equals(keep)) {
                try {
                    long size = Files.size(f);
                    Files.deleteIfExists(f);
                    total -= size;
                } catch (IOException gone) {
                    // removed by another process
                }
            }
        }
    }

    /** The history under {@code key}, or empty on a miss; a bad entry is deleted and read as a miss. */
    public Optional<List<Metric>> get(String key, String metricKey) {
        Path file = fileFor(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION || !key.equals(in.readUTF())) {
                throw new IOException("header or key mismatch");
            }
            int n = in.readInt();
            long crc = in.readLong();
            byte[] body = in.readNBytes(n * 24);
            if (body.length != n * 24 || in.read() != -1) {
                throw new IOException("truncated or oversized payload");
            }
            CRC32 c = new CRC32();
            c.update(body);
            if (c.getValue() != crc) {
                throw new IOException("checksum mismatch");
            }
            DataInputStream b = new DataInputStream(new java.io.ByteArrayInputStream(body));
            List<Metric> points = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long step = b.readLong();
                long ts = b.readLong();
                points.add(new Metric(metricKey, Double.longBitsToDouble(b.readLong()), ts, step));
            }
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            return Optional.of(points);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Discarding corrupt history cache entry {}: {}", file, e.toString());
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // another process may hold it; it is still a miss
            }
            return Optional.empty();
        }
    }
}
