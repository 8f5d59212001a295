package dev.handoff.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

import static dev.handoff.ui.FxTesting.fx;
import static dev.handoff.ui.FxTesting.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connect dialog against a local MLflow-like server on 127.0.0.1 (JDK HttpServer). */
@ExtendWith(ApplicationExtension.class)
@Tag("fx")
class ConnectDialogTest {
    private static final String SECRET = "pa55-word-xyz";
    private Workbench workbench;
    private Preferences node;
    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws IOException {
        node = Preferences.userRoot().node("dev/handoff/test/" + UUID.randomUUID());
        workbench = new Workbench(new WorkbenchPrefs(node));
        workbench.show(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        fx(() -> {
            workbench.close();
            return null;
        });
        server.stop(0);
        node.removeNode();
    }

    /** Basic auth ana:SECRET is accepted; anything else gets 401. */
    private void handle(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(auth));
        ex.getRequestBody().readAllBytes();
        String expected = "Basic " + Base64.getEncoder().encodeToString(("ana:" + SECRET).getBytes(StandardCharsets.UTF_8));
        String path = ex.getRequestURI().getPath();
        if (!expected.equals(auth)) {
            reply(ex, 401, "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"bad credentials\"}");
        } else if (path.equals("/api/2.0/mlflow/experiments/search")) {
            reply(ex, 200, "{\"experiments\":[{\"experiment_id\":\"1\",\"name\":\"credit\",\"artifact_location\":"
                    + "\"mlflow-artifacts:/1\",\"lifecycle_stage\":\"active\",\"creation_time\":\"5\",\"last_update_time\":6}]}");
        } else if (path.equals("/api/2.0/mlflow/runs/search")) {
            reply(ex, 200, "{\"runs\":[" + run("r1", "0.1") + "," + run("r2", "0.3") + "]}");
        } else {
            reply(ex, 404, "{}");
        }
    }

    private static String run(String id, String lr) {
        return "{\"info\":{\"run_id\":\"" + id + "\",\"run_uuid\":\"" + id + "\",\"run_name\":\"run-" + id + "\","
                + "\"experiment_id\":\"1\",\"user_id\":\"ana\",\"status\":\"FINISHED\",\"start_time\":1700000000000,"
                + "\"end_time\":1700000005000,\"artifact_uri\":\"mlflow-artifacts:/1/" + id + "/artifacts\","
                + "\"lifecycle_stage\":\"active\"},\"data\":{\"metrics\":[{\"key\":\"loss\",\"value\":0.5,"
                + "\"timestamp\":1700000001000,\"step\":7}],\"params\":[{\"key\":\"lr\",\"value\":\"" + lr + "\"}],"
                + "\"tags\":[{\"key\":\"mlflow.runName\",\"value\":\"run-" + id + "\"}]}}";
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void connectsWithUserAndPasswordAndBrowsesRemoteRuns() throws Exception {
        ConnectPane pane = showDialog("ana", SECRET);
        FxTesting.snapshot(pane.getScene(), "connect-dialog");
        fx(() -> {
            ((javafx.scene.control.Button) pane.lookup("#connectButton")).fire();
            return null;
        });
        FxTesting.waitUntil(() -> workbench.runsPane().runs().size() == 2);
        assertEquals(List.of("credit"), fx(() -> workbench.sourcesPane().experiments().getItems().stream()
                .map(e -> e.name()).toList()));
        assertEquals("", fx(pane::errorText));
        assertEquals("", fx(() -> pane.password().getText()), "the typed secret is cleared after connecting");
        assertFalse(fx(() -> pane.getScene().getWindow().isShowing()));
        assertTrue(authorizations.stream().allMatch(a -> a.startsWith("Basic ")));
        // only the URL is remembered; no secret anywhere in the preferences
        assertEquals(url(), fx(() -> ((javafx.scene.control.ListView<?>) mainScene().lookup("#recentSources")).getItems().get(0)));
        List<String> stored = new ArrayList<>();
        node.flush();
        for (String key : node.keys()) {
            stored.add(key + "=" + node.get(key, ""));
        }
        assertTrue(stored.stream().noneMatch(s -> s.contains(SECRET) || s.contains("Basic ")), stored.toString());
        FxTesting.snapshot(mainScene(), "connect-browsing");
    }

    @Test
    void wrongPasswordShowsTheServerMessageInline() throws Exception {
        ConnectPane pane = showDialog("ana", "wrong");
        fx(() -> {
            ((javafx.scene.control.Button) pane.lookup("#connectButton")).fire();
            return null;
        });
        FxTesting.waitUntil(() -> !fx(pane::errorText).isEmpty());
        String error = fx(pane::errorText);
        assertTrue(error.contains("401") && error.contains(url()), error);
        assertFalse(error.contains("wrong"), "the password is never shown: " + error);
        String status = fx(() -> workbench.failureBar().message());
        assertTrue(status.contains("401"), status);
        assertTrue(fx(() -> pane.getScene().getWindow().isShowing()));
        assertTrue(workbench.runsPane().runs().isEmpty());
        FxTesting.snapshot(pane.getScene(), "connect-401");
    }

    @Test
    void invalidUrlIsRejectedBeforeConnecting() throws Exception {
        ConnectPane pane = showDialog("ana", SECRET);
        fx(() -> {
            pane.url().setText("ftp://example.com");
            ((javafx.scene.control.Button) pane.lookup("#connectButton")).fire();
            return null;
        });
        assertTrue(fx(pane::errorText).contains("ftp://example.com"), fx(pane::errorText));
        assertTrue(authorizations.isEmpty());
    }

    @Test
    void credentialsTypedIntoTheUrlAreRefusedAndNeverShownOrStored() throws Exception {
        ConnectPane pane = showDialog("ana", SECRET);
        String withCredentials = "http://ana:" + SECRET + "@127.0.0.1:" + server.getAddress().getPort();
        fx(() -> {
            pane.url().setText(withCredentials);
            ((javafx.scene.control.Button) pane.lookup("#connectButton")).fire();
            return null;
        });
        String error = fx(pane::errorText);
        assertTrue(error.contains("'" + url() + "'") && error.contains("user + password fields"), error);
        assertFalse(error.contains(SECRET), error);
        assertTrue(authorizations.isEmpty(), "nothing is sent to the server");
        assertFalse(fx(() -> workbench.tasks().statusBar().getText()).contains(SECRET));

        // the same URL through the sources box (Workbench.open) fails with a redacted message, and prefs stay clean
        fx(() -> {
            workbench.open(withCredentials);
            return null;
        });
        FxTesting.waitUntil(() -> fx(() -> workbench.failureBar().message()).startsWith("Could not open"));
        String status = fx(() -> workbench.failureBar().message());
        assertTrue(status.contains(url()) && status.contains("must not contain a user name or password"), status);
        assertFalse(status.contains(SECRET), status);
        assertFalse(fx(() -> workbench.tasks().statusBar().getText()).contains(SECRET));
        assertTrue(fx(() -> String.join("\n", workbench.detailPane().problems())).contains("Could not open"),
                "the failure is listed in Problems too");
        node.flush();
        for (String key : node.keys()) {
            assertFalse(node.get(key, "").contains(SECRET), key);
        }
        new WorkbenchPrefs(node).addRecent(withCredentials);
        assertEquals(url(), new WorkbenchPrefs(node).recentSources().get(0), "prefs drop user-info defensively");
    }

    private ConnectPane showDialog(String user, String password) throws Exception {
        return fx(() -> {
            workbench.showConnectDialog();
            ConnectPane pane = workbench.connectPane();
            pane.url().setText(url());
            pane.auth().setValue(ConnectPane.AuthKind.BASIC);
            pane.user().setText(user);
            pane.password().setText(password);
            return pane;
        });
    }

    private javafx.scene.Scene mainScene() {
        return Window.getWindows().stream().filter(w -> w.getScene() != null && w.getScene().getRoot() == workbench.root())
                .findFirst().orElseThrow().getScene();
    }

}
