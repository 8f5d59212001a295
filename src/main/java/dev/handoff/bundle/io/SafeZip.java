package dev.handoff.bundle.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Writes and safely extracts zip archives.
 *
 * <p>Extraction treats the archive as hostile: entry names that are absolute, contain {@code ..}
 * or back-slashes, or are duplicated are refused (zip-slip); symbolic-link entries are refused;
 * entry count, bytes per entry, total bytes and per-entry compression ratio are capped while
 * streaming (zip bomb), counting the bytes actually inflated rather than trusting the headers.
 */
public final class SafeZip {
    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int EOCD_MIN_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int HOST_UNIX = 3;
    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;
    /** Entries smaller than this are never judged by their compression ratio. */
    private static final long RATIO_CHECK_FLOOR = 1L << 20;

    /** Caps for extraction. */
    public record Limits(int maxEntries, long maxTotalBytes, long maxEntryBytes, double maxCompressionRatio) {
        /** 10 000 entries, 8 GiB in total, 4 GiB per entry, compression ratio 200. */
        public static Limits defaults() {
            return new Limits(10_000, 8L << 30, 4L << 30, 200.0);
        }
    }

    private SafeZip() {
    }

    /** Zips every regular file under {@code sourceDir} (sorted, '/'-separated names) atomically into {@code zipFile}. */
    public static void zipDirectory(Path sourceDir, Path zipFile) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sourceDir)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        AtomicFiles.write(zipFile, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(relativeName(sourceDir, file)));
                Files.copy(file, zip);
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** The '/'-separated path of {@code file} relative to {@code root}. */
    public static String relativeName(Path root, Path file) {
        StringBuilder name = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(part);
        }
        return name.toString();
    }

    /**
     * Extracts {@code zipFile} into the empty or new directory {@code targetDir}.
     *
     * @throws UnsafeArchiveException naming the archive and the offending entry when the archive is refused
     */
    public static void extract(Path zipFile, Path targetDir, Limits limits) throws IOException {
        List<CentralEntry> central = scanCentralDirectory(zipFile, limits);
        Path root = targetDir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        Set<String> seen = new HashSet<>();
        for (CentralEntry entry : central) {
            if (entry.symlink()) {
                throw refuse(zipFile, entry.name(), "is a symbolic link");
            }
            checkName(zipFile, entry.name());
            if (!seen.add(entry.name())) {
                throw refuse(zipFile, entry.name(), "appears more than once");
            }
        }
        long total = 0;
        int count = 0;
        try (ZipFile zip = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                count++;
                if (count > limits.maxEntries()) {
                    throw new UnsafeArchiveException(zipFile + ": more than " + limits.maxEntries() + " entries");
                }
                String name = entry.getName();
                if (!seen.contains(name)) {
                    throw refuse(zipFile, name, "is not listed in the central directory");
                }
                Path destination = root.resolve(name).normalize();
                if (!destination.startsWith(root) || destination.equals(root)) {
                    throw refuse(zipFile, name, "escapes the extraction directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                total += copyEntry(zipFile, zip, entry, destination, limits, total);
            }
        }
    }

    private static long copyEntry(Path zipFile, ZipFile zip, ZipEntry entry, Path destination, Limits limits,
                                  long totalSoFar) throws IOException {
        long compressed = Math.max(1, entry.getCompressedSize());
        long written = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = zip.getInputStream(entry);
             OutputStream out = Files.newOutputStream(destination, StandardOpenOption.CREATE_NEW)) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                written += read;
                if (written > limits.maxEntryBytes()) {
                    throw refuse(zipFile, entry.getName(), "inflates beyond " + limits.maxEntryBytes() + " bytes");
                }
                if (totalSoFar + written > limits.maxTotalBytes()) {
                    throw new UnsafeArchiveException(zipFile + ": total uncompressed size exceeds "
                            + limits.maxTotalBytes() + " bytes (at entry '" + entry.getName() + "')");
                }
                if (written > RATIO_CHECK_FLOOR && written > compressed * limits.maxCompressionRatio()) {
                    throw refuse(zipFile, entry.getName(), "has a compression ratio above "
                            + limits.maxCompressionRatio() + " (possible zip bomb)");
                }
                out.write(buffer, 0, read);
            }
        }
        return written;
    }

    private static void checkName(Path zipFile, String name) throws UnsafeArchiveException {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':')) {
            throw refuse(zipFile, name, "has an absolute or malformed path");
        }
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw refuse(zipFile, name, "contains an empty, '.' or '..' path segment");
            }
        }
    }

    private static UnsafeArchiveException refuse(Path zipFile, String entry, String reason) {
        return new UnsafeArchiveException(zipFile + ": entry '" + entry + "' " + reason);
    }

    private record CentralEntry(String name, boolean symlink) {
    }

    /** Reads names and Unix modes from the central directory, which {@link ZipFile} does not expose. */
    private static List<CentralEntry> scanCentralDirectory(Path zipFile, Limits limits) throws IOException {
        try (FileChannel channel = FileChannel.open(zipFile, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < EOCD_MIN_SIZE) {
                throw new UnsafeArchiveException(zipFile + ": not a zip archive (too short)");
            }
            int tailLength = (int) Math.min(size, EOCD_MIN_SIZE + MAX_COMMENT);
            ByteBuffer tail = read(channel, size - tailLength, tailLength);
            int eocd = -1;
            for (int i = tailLength - EOCD_MIN_SIZE; i >= 0; i--) {
                if (tail.getInt(i) == EOCD_SIGNATURE) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw new UnsafeArchiveException(zipFile + ": not a zip archive (no end of central directory)");
            }
            int totalEntries = Short.toUnsignedInt(tail.getShort(eocd + 10));
            long cdSize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
            long cdOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
            if (totalEntries == 0xFFFF || cdOffset == 0xFFFFFFFFL || cdSize == 0xFFFFFFFFL) {
                throw new UnsafeArchiveException(zipFile + ": ZIP64 archives are not accepted");
            }
            if (totalEntries > limits.maxEntries()) {
                throw new UnsafeArchiveException(zipFile + ": " + totalEntries + " entries exceed the limit of "
                        + limits.maxEntries());
            }
            if (cdOffset + cdSize > size) {
                throw new UnsafeArchiveException(zipFile + ": central directory lies outside the file");
            }
            ByteBuffer cd = read(channel, cdOffset, (int) cdSize);
            List<CentralEntry> result = new ArrayList<>(totalEntries);
            int pos = 0;
            for (int i = 0; i < totalEntries; i++) {
                if (pos + 46 > cd.limit() || cd.getInt(pos) != CENTRAL_SIGNATURE) {
                    throw new UnsafeArchiveException(zipFile + ": corrupt central directory at entry " + i);
                }
                int host = Short.toUnsignedInt(cd.getShort(pos + 4)) >>> 8;
                int nameLength = Short.toUnsignedInt(cd.getShort(pos + 28));
                int extraLength = Short.toUnsignedInt(cd.getShort(pos + 30));
                int commentLength = Short.toUnsignedInt(cd.getShort(pos + 32));
                int external = cd.getInt(pos + 38);
                if (pos + 46 + nameLength > cd.limit()) {
                    throw new UnsafeArchiveException(zipFile + ": corrupt central directory at entry " + i);
                }
                byte[] nameBytes = new byte[nameLength];
                cd.get(pos + 46, nameBytes);
                int mode = external >>> 16;
                boolean symlink = host == HOST_UNIX && (mode & S_IFMT) == S_IFLNK;
                result.add(new CentralEntry(new String(nameBytes, StandardCharsets.UTF_8), symlink));
                pos += 46 + nameLength + extraLength + commentLength;
            }
            return result;
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        buffer.flip();
        return buffer;
    }
}
