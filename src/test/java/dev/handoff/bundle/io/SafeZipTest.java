package dev.handoff.bundle.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeZipTest {
    @TempDir
    Path dir;

    @Test
    void zipAndExtractRoundTrip() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("a/b"));
        Files.writeString(src.resolve("a/b/c.txt"), "hello");
        Files.writeString(src.resolve("top.txt"), "top");
        Path zip = dir.resolve("out.zip");
        SafeZip.zipDirectory(src, zip);
        Path out = dir.resolve("out");
        SafeZip.extract(zip, out, SafeZip.Limits.defaults());
        assertEquals("hello", Files.readString(out.resolve("a/b/c.txt")));
        assertEquals("top", Files.readString(out.resolve("top.txt")));
    }

    @Test
    void parentTraversalIsRejected() throws Exception {
        Path zip = zipWith("../evil", "pwned".getBytes());
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extract(zip));
        assertTrue(e.getMessage().contains("'../evil'"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil")));
        assertThrows(UnsafeArchiveException.class, () -> extract(zipWith("ok/../../evil", new byte[1])));
    }

    @Test
    void absolutePathsAreRejected() throws Exception {
        assertThrows(UnsafeArchiveException.class, () -> extract(zipWith("/tmp/evil", new byte[1])));
        assertThrows(UnsafeArchiveException.class, () -> extract(zipWith("C:/evil", new byte[1])));
        assertThrows(UnsafeArchiveException.class, () -> extract(zipWith("a\\..\\..\\evil", new byte[1])));
    }

    @Test
    void symlinkEntriesAreRejected() throws Exception {
        Path zip = zipWith("link", "/etc/passwd".getBytes());
        markAsUnixSymlink(zip);
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extract(zip));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void tooManyEntriesAreRejected() throws Exception {
        Path zip = dir.resolve("many.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < 10_001; i++) {
                out.putNextEntry(new ZipEntry("f" + i));
                out.closeEntry();
            }
        }
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extract(zip));
        assertTrue(e.getMessage().contains("10001 entries"), e.getMessage());
    }

    @Test
    void highlyCompressibleBombIsRejected() throws Exception {
        Path zip = dir.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(chunk);
            }
            out.closeEntry();
        }
        assertTrue(Files.size(zip) < 1 << 20, "64 MiB of zeros compress to well under 1 MiB");
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extract(zip));
        assertTrue(e.getMessage().contains("compression ratio"), e.getMessage());
    }

    @Test
    void totalSizeLimitIsEnforcedOnInflatedBytes() throws Exception {
        Path zip = zipWith("data.bin", new byte[5000]);
        var limits = new SafeZip.Limits(10, 4000, 1 << 20, 1e9);
        UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class,
                () -> SafeZip.extract(zip, dir.resolve("x"), limits));
        assertTrue(e.getMessage().contains("total uncompressed size"), e.getMessage());
    }

    private void extract(Path zip) throws Exception {
        SafeZip.extract(zip, dir.resolve("target-" + System.nanoTime()), SafeZip.Limits.defaults());
    }

    private Path zipWith(String name, byte[] content) throws Exception {
        Path zip = Files.createTempFile(dir, "crafted", ".zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry(name));
            out.write(content);
            out.closeEntry();
        }
        return zip;
    }

    /** Rewrites the central directory record: made by Unix, mode lrwxrwxrwx. */
    private static void markAsUnixSymlink(Path zip) throws Exception {
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 <= bytes.length; i++) {
            if (buf.getInt(i) == 0x02014b50) {
                buf.put(i + 5, (byte) 3);
                buf.putInt(i + 38, 0120777 << 16);
            }
        }
        Files.write(zip, bytes);
    }
}
