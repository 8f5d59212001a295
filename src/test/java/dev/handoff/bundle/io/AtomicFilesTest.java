package dev.handoff.bundle.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void permissionsAreOnTheTempFileBeforeAnyContentIsWritten() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class), "needs POSIX");
        Set<PosixFilePermission> mode = PosixFilePermissions.fromString("rw-r-----");
        Path target = dir.resolve("secret.txt");
        AtomicReference<String> tempModeWhileWriting = new AtomicReference<>();
        AtomicFiles.write(target, mode, out -> {
            try (var files = Files.list(dir)) {
                List<Path> temps = files.toList();
                assertEquals(1, temps.size(), "only the temp file exists while writing: " + temps);
                tempModeWhileWriting.set(PosixFilePermissions.toString(Files.getPosixFilePermissions(temps.get(0))));
            }
            out.write("content".getBytes(StandardCharsets.UTF_8));
        });
        assertEquals("rw-r-----", tempModeWhileWriting.get());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals("content", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }
}
