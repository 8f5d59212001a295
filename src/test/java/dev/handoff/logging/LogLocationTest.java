package dev.handoff.logging;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogLocationTest {
    @Test
    void thePropertyWinsThenTheEnvironmentThenXdgStateHomeThenTheHome() {
        assertEquals(Path.of("/p"), LogLocation.dir("/p", "/e", "/x", "/home/ana"));
        assertEquals(Path.of("/e"), LogLocation.dir(null, "/e", "/x", "/home/ana"));
        assertEquals(Path.of("/e"), LogLocation.dir(" ", "/e", "/x", "/home/ana"));
        assertEquals(Path.of("/x/handoff-workbench"), LogLocation.dir(null, null, "/x", "/home/ana"));
        assertEquals(Path.of("/home/ana/.local/state/handoff-workbench"), LogLocation.dir(null, "", "", "/home/ana"));
    }

    @Test
    void aRelativeXdgStateHomeIsIgnoredAsTheSpecAsks() {
        assertEquals(Path.of("/home/ana/.local/state/handoff-workbench"),
                LogLocation.dir(null, null, "relative/state", "/home/ana"));
    }

    @Test
    void aRelativeFolderIsMadeAbsolute() {
        assertEquals(Path.of("target/logs").toAbsolutePath(), LogLocation.dir("target/logs", null, null, "/home/ana"));
    }

    @Test
    void testsLogUnderTargetNeverUnderTheRealHome() {
        // surefire sets handoff.log.dir (pom.xml); the file appender of logback.xml writes exactly LogLocation.file()
        Path file = LogLocation.file();
        assertEquals(Path.of("target", "logs", "handoff.log").toAbsolutePath(), file);
        assertEquals(file, Path.of(LogCapture.fileAppender().getFile()).toAbsolutePath());
    }
}
