package dev.handoff.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.sun.net.httpserver.HttpServer;
import dev.handoff.logging.LogCapture;
import dev.handoff.runs.source.file.MlrunsFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.handoff.runs.source.file.MlrunsFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's failures and the runs it cannot read reach the log with their stack traces; its credentials never do. */
class CliLoggingTest {
    @TempDir
    Path tmp;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    int run(Map<String, String> environment, String... args) {
        return HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), () -> environment).execute(args);
    }

    @Test
    void anUnreadableRunIsLoggedWithItsFileAndLine() throws Exception {
        MlrunsFixture f = new MlrunsFixture(tmp.resolve("mlruns"));
        f.experiment("1", "credit-risk");
        Path broken = f.run("1", id(3), "broken", 3, 1_700_000_200_000L, -1, "active");
        MlrunsFixture.metricLines(broken, "val_auc", "oops\n");
        try (LogCapture log = LogCapture.root()) {
            assertEquals(0, run(Map.of(), "runs", "list", "--store", tmp.resolve("mlruns").toString()));
            List<ILoggingEvent> problems = log.events(Level.WARN, "unreadable run " + id(3));
            assertEquals(1, problems.size(), log.rawText());
            assertTrue(problems.get(0).getFormattedMessage().contains(broken.resolve("metrics/val_auc") + " line 1"),
                    problems.get(0).getFormattedMessage());
            assertTrue(problems.get(0).getThrowableProxy() != null, "with the reader's exception");
        }
    }

    @Test
    void aFailedCommandIsLoggedWithItsStackTraceAndNeverTheToken() throws Exception {
        String token = "tok-cli-5e1b9d";
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] b = ("{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"token " + token + " expired\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(401, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (LogCapture log = LogCapture.root()) {
            assertEquals(HandoffCli.EXIT_FAILURE, run(Map.of("MLFLOW_TRACKING_URI", url, "MLFLOW_TRACKING_TOKEN", token),
                    "runs", "list"));
            assertEquals(1, err.toString().lines().count(), "stderr keeps its one line: " + err);
            List<ILoggingEvent> failed = log.events(Level.WARN, "handoff runs list failed");
            assertEquals(1, failed.size(), log.rawText());
            String raw = log.rawText();
            String file = log.fileText();
            assertTrue(raw.contains(url + "/api/2.0/mlflow/experiments/search: authentication failed (HTTP 401)"), raw);
            assertTrue(raw.contains("Caused by") || failed.get(0).getThrowableProxy().getCause() != null,
                    "the CliFailure's cause is logged: " + raw);
            assertTrue(file.contains("\tat dev.handoff.runs.source.rest.MlflowRestSource"), "stack trace: " + file);
            for (String text : List.of(raw, file, err.toString(), out.toString())) {
                assertFalse(text.contains(token), "the token leaked:\n" + text);
            }
        }
    }
}
