package dev.handoff.bundle;

import dev.handoff.bundle.io.AtomicFiles;
import dev.handoff.bundle.io.SafeZip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens a bundle directory or zip. Zips are treated as untrusted: see {@link SafeZip#extract} for the
 * checks (zip-slip, symlinks, entry count, sizes, compression ratio).
 */
public final class BundleReader {
    private BundleReader() {
    }

    /** Opens with {@link SafeZip.Limits#defaults()}. */
    public static OpenedBundle open(Path dirOrZip) throws IOException {
        return open(dirOrZip, SafeZip.Limits.defaults());
    }

    /** Opens a bundle directory, or extracts a zip into a temporary directory within {@code limits}. */
    public static OpenedBundle open(Path dirOrZip, SafeZip.Limits limits) throws IOException {
        Path path = dirOrZip.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(path)) {
            throw new IOException(path + ": refusing to open a bundle through a symbolic link");
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return new OpenedBundle(path, path, false);
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(path.toString(), null, "no bundle directory or zip");
        }
        Path temp = Files.createTempDirectory("handoff-bundle-");
        try {
            SafeZip.extract(path, temp, limits);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteRecursively(temp);
            throw e;
        }
        return new OpenedBundle(path, temp, true);
    }
}
