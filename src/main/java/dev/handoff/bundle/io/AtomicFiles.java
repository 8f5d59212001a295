package dev.handoff.bundle.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Atomic file writes: content goes to a temporary file in the target's directory, which is then
 * renamed over the target. Readers never see a half-written file; a failed write leaves the old
 * file (or no file) in place.
 */
public final class AtomicFiles {

    /** Writes the body of a file to a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code target} atomically with the bytes produced by {@code writer}. */
    public static void write(Path target, StreamWriter writer) throws IOException {
        write(target, null, writer);
    }

    /**
     * Writes {@code target} atomically with POSIX permissions {@code permissions} (null: the temp file's defaults).
     * The permissions are set on the temporary file before any content is written to it, so the target never exists,
     * not even for a moment, with wider permissions. On file systems without POSIX permissions they are ignored and
     * the platform's defaults (ACLs) apply.
     */
    public static void write(Path target, Set<PosixFilePermission> permissions, StreamWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        boolean posix = permissions != null
                && Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        Path temp = posix
                ? Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(permissions))
                : Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
        try {
            if (posix) {
                Files.setPosixFilePermissions(temp, permissions); // exact mode, whatever the umask did at creation
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                writer.write(out);
            }
            move(temp, absolute);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes UTF-8 text atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes UTF-8 text atomically with POSIX permissions {@code permissions}; see {@link #write(Path, Set, StreamWriter)}. */
    public static void writeString(Path target, Set<PosixFilePermission> permissions, String text) throws IOException {
        write(target, permissions, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes bytes atomically. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Renames {@code source} to {@code target} atomically, replacing an existing regular file.
     * Falls back to a plain replacing move on file systems without atomic rename.
     */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or directory tree if it exists; symbolic links are deleted, never followed. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
