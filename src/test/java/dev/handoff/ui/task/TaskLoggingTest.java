package dev.handoff.ui.task;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.sun.net.httpserver.HttpServer;
import dev.handoff.logging.LogCapture;
import dev.handoff.runs.SourceException;
import dev.handoff.runs.ViewType;
import dev.handoff.runs.source.rest.MlflowRestSource;
import dev.handoff.runs.source.rest.RestAuth;
import dev.handoff.runs.source.rest.RestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Background failures reach the log with their stack traces (a superseded job's dropped one at DEBUG), and a REST
 * source's failure is logged with its URL and error but never the token or password it was configured with.
 */
@Tag("fx")
class TaskLoggingTest {
    private final TaskRunner runner = new TaskRunner(2);
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        runner.close();
        if (server != null) {
            server.stop(0);
        }
    }

    private static <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private void settle() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> runner.running().isEmpty()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aCurrentJobsFailureIsLoggedOnceAtWarnWithItsStackTraceAndABugAtError() throws Exception {
        try (LogCapture log = LogCapture.of("dev.handoff.ui.task", Level.DEBUG)) {
            LatestTask latest = new LatestTask(runner);
            fx(() -> {
                latest.<String>submit("Reading runs", p -> {
                    throw new IOException("disk gone", new IOException("EIO"));
                }, heard::add, e -> heard.add("failed: " + e.getMessage()));
                return null;
            });
            settle();
            fx(() -> runner.<String>submit("Drawing charts", p -> {
                throw new IllegalStateException("a bug");
            }, heard::add, e -> heard.add("failed: " + e.getMessage())));
            settle();
            assertEquals(List.of("failed: disk gone", "failed: a bug"), heard);

            List<ILoggingEvent> reading = log.events().stream()
                    .filter(e -> e.getFormattedMessage().contains("Reading runs")).toList();
            assertEquals(1, reading.size(), "logged once, by LatestTask, not again by TaskRunner: " + log.rawText());
            assertEquals(Level.WARN, reading.get(0).getLevel());
            assertEquals("java.io.IOException", reading.get(0).getThrowableProxy().getClassName());
            assertEquals("EIO", reading.get(0).getThrowableProxy().getCause().getMessage());
            assertTrue(reading.get(0).getThrowableProxy().getStackTraceElementProxyArray().length > 0);

            List<ILoggingEvent> drawing = log.events(Level.ERROR, "Drawing charts failed");
            assertEquals(1, drawing.size(), log.rawText());
            assertEquals("a bug", drawing.get(0).getThrowableProxy().getMessage());
            assertTrue(log.fileText().contains("\tat dev.handoff.ui.task.TaskLoggingTest"), "stack trace in the file");
        }
    }

    @Test
    void aSupersededJobsLateFailureIsDroppedButLoggedAtDebug() throws Exception {
        try (LogCapture log = LogCapture.of("dev.handoff.ui.task", Level.DEBUG)) {
            LatestTask latest = new LatestTask(runner);
            Thread[] worker = new Thread[1];
            CountDownLatch failed = new CountDownLatch(1);
            fx(() -> {
                latest.<String>submit("Explaining run a", p -> {
                    worker[0] = Thread.currentThread();
                    failed.countDown();
                    throw new IOException("model unreadable");
                }, heard::add, e -> heard.add("a failed"));
                // hold the FX thread until the job has failed and its worker is idle again: the failure is then posted
                // to the FX thread, and the next job supersedes it before it is delivered
                assertTrue(failed.await(10, TimeUnit.SECONDS));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (worker[0].getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                latest.submit("Explaining run b", p -> "b explained", heard::add, e -> heard.add("b failed"));
                return null;
            });
            settle();
            assertEquals(List.of("b explained"), heard);
            List<ILoggingEvent> dropped = log.events(Level.DEBUG, "dropped the late failure");
            assertEquals(1, dropped.size(), log.rawText());
            assertTrue(dropped.get(0).getFormattedMessage().contains("Explaining run a"));
            assertEquals("model unreadable", dropped.get(0).getThrowableProxy().getMessage());
            assertTrue(log.events().stream().noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)),
                    "a dropped failure is no warning: " + log.rawText());
        }
    }

    @Test
    void aRestSourceFailureIsLoggedWithItsUrlAndErrorButNeverItsTokenOrPassword() throws Exception {
        String token = "tok-3f9a7c1e5b";
        String password = "pw-8d2e6a4c";
        String basic = Base64.getEncoder().encodeToString(("ana:" + password).getBytes(StandardCharsets.UTF_8));
        // a careless server (or proxy) that echoes the request's credentials in its errors: 401 for the token, 500
        // (retried, then given up) for basic auth
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            boolean bearer = auth.startsWith("Bearer ");
            String body = bearer
                    ? "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"invalid token " + token + " (Authorization: " + auth + ")\"}"
                    : "upstream error for Authorization: " + auth + " password=" + password + " user ana:" + password;
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(bearer ? 401 : 500, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

        try (LogCapture log = LogCapture.root()) {
            for (RestAuth auth : List.of(RestAuth.bearer(token.toCharArray()), RestAuth.basic("ana", password.toCharArray()))) {
                MlflowRestSource source = new MlflowRestSource(RestConfig.of(base, auth)
                        .withRetries(1, Duration.ofMillis(5)).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
                LatestTask latest = new LatestTask(runner);
                fx(() -> {
                    latest.submit("Connecting to " + base, p -> source.listExperiments(ViewType.ACTIVE_ONLY),
                            r -> heard.add("connected"), e -> heard.add(e.getClass().getSimpleName()));
                    return null;
                });
                settle();
                source.close();
            }
            assertEquals(List.of("SourceException", "SourceException"), heard);

            List<ILoggingEvent> failures = log.events(Level.WARN, "Connecting to " + base + " failed");
            assertEquals(2, failures.size(), log.rawText());
            assertEquals(SourceException.class.getName(), failures.get(0).getThrowableProxy().getClassName());
            String raw = log.rawText();
            String file = log.fileText();
            for (String secret : List.of(token, password, basic)) {
                assertFalse(raw.contains(secret), "code logged a secret:\n" + raw);
                assertFalse(file.contains(secret), "a secret reached the log file:\n" + file);
            }
            String url = base + "/api/2.0/mlflow/experiments/search";
            assertTrue(raw.contains(url + ": authentication failed (HTTP 401) with bearer token"), raw);
            assertTrue(raw.contains(url + ": HTTP 500: upstream error for Authorization: ***"), raw);
            assertNotNull(log.events().stream().filter(e -> e.getFormattedMessage().contains("retry 1 of 1"))
                    .findFirst().orElse(null), "the retry is logged: " + raw);
            assertTrue(file.contains("dev.handoff.runs.SourceException: " + url), file);
        }
    }
}
