package dev.handoff.logging;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** logback.xml as shipped: what its file appender writes, secrets masked, stack traces kept once. */
class LogConfigTest {
    private static final Logger LOG = LoggerFactory.getLogger(LogConfigTest.class);

    @Test
    void theFileMasksSecretsInMessagesAndStackTracesAndKeepsTheUrlAndError() throws IOException {
        String marker = "marker-" + System.nanoTime();
        Exception failure = new IllegalStateException("listing failed at https://ana:pw-in-url@mlflow.example.org/api",
                new IOException("server said: Authorization: Bearer tok-in-cause"));
        try (LogCapture capture = LogCapture.root()) {
            LOG.warn("{} request to https://ana:pw-in-url@mlflow.example.org/api/2.0/mlflow/runs/search with token=tok-in-query "
                    + "and password=pw-in-msg failed: HTTP 500", marker, failure);
            String file = capture.fileText();
            for (String secret : new String[]{"pw-in-url", "tok-in-cause", "tok-in-query", "pw-in-msg"}) {
                assertFalse(file.contains(secret), secret + " reached the log:\n" + file);
            }
            assertTrue(file.contains("https://***@mlflow.example.org/api/2.0/mlflow/runs/search"), file);
            assertTrue(file.contains("HTTP 500"), file);
            assertTrue(file.contains("java.lang.IllegalStateException: listing failed at https://***@mlflow.example.org/api"), file);
            assertTrue(file.contains("Caused by: java.io.IOException: server said: Authorization: ***"), file);
            assertTrue(file.contains("\tat dev.handoff.logging.LogConfigTest."), "the stack trace is written:\n" + file);
            assertEquals(1, count(file, "java.lang.IllegalStateException"), "the stack trace is written once:\n" + file);
        }
        // and the real file under target/logs (surefire's handoff.log.dir) has the event, masked
        Path f = LogLocation.file();
        String written = Files.readString(f);
        assertTrue(written.contains(marker), f + " lacks the event");
        assertFalse(written.contains("tok-in-cause") || written.contains("pw-in-url"), f + " holds a secret");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
