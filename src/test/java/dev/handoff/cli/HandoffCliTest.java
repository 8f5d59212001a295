package dev.handoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.handoff.runs.source.file.MlrunsFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.handoff.runs.source.file.MlrunsFixture.id;
import static org.junit.jupiter.api.Assertions.*;

class HandoffCliTest {
    @TempDir
    Path tmp;
    Path store;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void store() throws Exception {
        MlrunsFixture f = new MlrunsFixture(tmp.resolve("mlruns"));
        f.experiment("1", "credit-risk");
        f.experiment("2", "baselines");
        Path a = f.run("1", id(1), "sgd-lr-0.1", 3, 1_700_000_000_000L, 1_700_000_065_000L, "active");
        MlrunsFixture.param(a, "learning_rate", "0.1");
        MlrunsFixture.metricLines(a, "val_auc", "1700000001000 0.71 0\n1700000002000 0.83 1\n");
        MlrunsFixture.metricLines(a, "train/loss", "1700000001000 0.9 0\n1700000002000 0.45 1\n");
        Path b = f.run("1", id(2), "cart-depth-5", 4, 1_700_000_100_000L, 1_700_000_101_500L, "active");
        MlrunsFixture.param(b, "max_depth", "5");
        MlrunsFixture.metricLines(b, "val_auc", "1700000101000 0.66 0\n");
        MlrunsFixture.write(b.resolve("artifacts/model/model.tribuo"), "0123456789");
        Path broken = f.run("2", id(3), "broken", 3, 1_700_000_200_000L, -1, "active");
        MlrunsFixture.metricLines(broken, "val_auc", "oops\n");
        store = tmp.resolve("mlruns");
    }

    /** The CLI's environment (injected; the machine's MLFLOW_* variables never leak in). */
    Map<String, String> environment = Map.of();
    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** When set, every request for the second runs/search page gets its connection dropped. */
    volatile boolean dropSecondPage;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A minimal MLflow tracking server: experiments/search and runs/search (two pages) on 127.0.0.1. */
    String startTrackingServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            requests.add(ex.getRequestMethod() + " " + path + " " + body);
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            String json;
            int status = 200;
            if (path.equals("/api/2.0/mlflow/experiments/search")) {
                json = "{\"experiments\":[{\"experiment_id\":\"7\",\"name\":\"remote-credit\","
                        + "\"artifact_location\":\"mlflow-artifacts:/7\",\"lifecycle_stage\":\"active\","
                        + "\"creation_time\":1700000000000,\"last_update_time\":1700000000000}]}";
            } else if (path.equals("/api/2.0/mlflow/runs/search") && body.contains("\"page_token\":\"p2\"") && dropSecondPage) {
                ex.close(); // no response: the connection drops like a server that went away mid-listing
                return;
            } else if (path.equals("/api/2.0/mlflow/runs/search") && body.contains("\"page_token\":\"p2\"")) {
                json = "{\"runs\":[" + remoteRun("ffff0000ffff0000ffff0000ffff0002", "remote-cart", "0.66", "\"1700000100000\"") + "]}";
            } else if (path.equals("/api/2.0/mlflow/runs/search")) {
                json = "{\"runs\":[" + remoteRun("ffff0000ffff0000ffff0000ffff0001", "remote-sgd", "0.83", "1700000000000")
                        + "],\"next_page_token\":\"p2\"}";
            } else {
                status = 404;
                json = "{\"error_code\":\"ENDPOINT_NOT_FOUND\",\"message\":\"no " + path + "\"}";
            }
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A run as MLflow's REST API returns it (start time as a number or, from old servers, a string). */
    static String remoteRun(String id, String name, String valAuc, String startTime) {
        return "{\"info\":{\"run_id\":\"" + id + "\",\"run_uuid\":\"" + id + "\",\"run_name\":\"" + name + "\","
                + "\"experiment_id\":\"7\",\"user_id\":\"ana\",\"status\":\"FINISHED\",\"start_time\":" + startTime + ","
                + "\"end_time\":1700000200000,\"artifact_uri\":\"mlflow-artifacts:/7/" + id + "/artifacts\","
                + "\"lifecycle_stage\":\"active\"},\"data\":{\"metrics\":[{\"key\":\"val_auc\",\"value\":" + valAuc + ","
                + "\"timestamp\":1700000001000,\"step\":3}],\"params\":[{\"key\":\"lr\",\"value\":\"0.1\"}],"
                + "\"tags\":[{\"key\":\"mlflow.runName\",\"value\":\"" + name + "\"}]}}";
    }

    private void assertListsRemoteRuns() {
        String text = out.toString();
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).matches("RUN ID +NAME +EXPERIMENT +STATUS +START +DURATION +val_auc"), text);
        assertTrue(lines.get(1).startsWith("ffff0000ffff0000ffff0000ffff0001") && lines.get(1).contains("remote-sgd")
                && lines.get(1).contains("remote-credit") && lines.get(1).contains("0.83"), text);
        assertTrue(lines.get(2).startsWith("ffff0000ffff0000ffff0000ffff0002") && lines.get(2).contains("remote-cart")
                && lines.get(2).contains("0.66"), text);
        assertEquals("2 runs", lines.get(lines.size() - 1), text);
        assertTrue(requests.get(0).startsWith("POST /api/2.0/mlflow/experiments/search"), requests.toString());
        assertTrue(requests.get(1).startsWith("POST /api/2.0/mlflow/runs/search") && requests.get(1).contains("\"experiment_ids\":[\"7\"]"),
                requests.toString());
        assertEquals(3, requests.size(), "both pages of runs/search are followed: " + requests);
    }

    @Test
    void aServerFailingMidListingStillListsTheRunsReadAndFailsNamingTheUrl() throws Exception {
        dropSecondPage = true;
        String url = startTrackingServer();
        assertEquals(HandoffCli.EXIT_FAILURE, run("runs", "list", "--tracking-uri", url));
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(1).startsWith("ffff0000ffff0000ffff0000ffff0001") && lines.get(1).contains("remote-sgd"), out.toString());
        assertEquals("1 run (incomplete: the listing stopped, see the error)", lines.get(lines.size() - 1), out.toString());
        String error = err.toString();
        assertTrue(error.contains("listing stopped after 1 runs: " + url + "/api/2.0/mlflow/runs/search: connection failed"), error);
        assertTrue(requests.stream().filter(r -> r.contains("\"page_token\":\"p2\"")).count() > 1, "page 2 was retried: " + requests);
    }

    @Test
    void listsRunsOfATrackingServerGivenByTrackingUri() throws Exception {
        String url = startTrackingServer();
        assertEquals(0, run("runs", "list", "--tracking-uri", url), err.toString());
        assertListsRemoteRuns();
        assertEquals("", err.toString());
        assertTrue(authorizations.stream().allMatch("null"::equals), "no credentials configured, none sent");
    }

    @Test
    void trackingServerComesFromMlflowTrackingUriWithCredentialsFromTheEnvironment() throws Exception {
        String url = startTrackingServer();
        environment = Map.of("MLFLOW_TRACKING_URI", url, "MLFLOW_TRACKING_USERNAME", "ana", "MLFLOW_TRACKING_PASSWORD", "pw-123");
        assertEquals(0, run("runs", "list"), err.toString());
        assertListsRemoteRuns();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("ana:pw-123".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(basic, basic, basic), authorizations);
        assertFalse(out.toString().contains("pw-123") || err.toString().contains("pw-123"));

        // --tracking-uri wins over the variable
        out.getBuffer().setLength(0);
        environment = Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:1");
        assertEquals(0, run("runs", "list", "--tracking-uri", url), err.toString());
        assertTrue(out.toString().contains("remote-sgd"), out.toString());
    }

    @Test
    void unreachableTrackingServerFailsWithOneLineNamingTheUrl() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }
        String url = "http://127.0.0.1:" + port;
        environment = Map.of("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0");
        assertEquals(1, run("runs", "list", "--tracking-uri", url));
        String e = err.toString();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("handoff: " + url + "/api/2.0/mlflow/experiments/search: "), e);
        assertTrue(e.contains("cannot connect"), e);
        assertEquals("", out.toString());

        // the same through MLFLOW_TRACKING_URI
        err.getBuffer().setLength(0);
        environment = Map.of("MLFLOW_TRACKING_URI", url, "MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0");
        assertEquals(1, run("runs", "list"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains(url + "/api/2.0/mlflow/experiments/search"), err.toString());
    }

    @Test
    void injectedEnvironmentReachesStoreOptionsInsideNestedMixins() throws Exception {
        // explain's --store lives in ModelOption, itself a mixin: the injected MLFLOW_TRACKING_URI must reach it
        Path nowhere = tmp.resolve("no-such-store");
        environment = Map.of("MLFLOW_TRACKING_URI", nowhere.toString());
        java.nio.file.Files.writeString(tmp.resolve("rows.csv"), "a,b\n1,2\n");
        assertEquals(1, run("explain", "--run", id(1), "--data", tmp.resolve("rows.csv").toString(),
                "--out", tmp.resolve("out.json").toString()));
        assertTrue(err.toString().contains(nowhere + ": no such file or folder"), err.toString());
    }

    @Test
    void credentialsInTheTrackingUriAreRefusedWithoutPrintingThem() {
        assertEquals(1, run("runs", "list", "--tracking-uri", "http://ana:pw-123@127.0.0.1:1"));
        String e = err.toString();
        assertTrue(e.contains("http://127.0.0.1:1") && e.contains("MLFLOW_TRACKING_USERNAME"), e);
        assertFalse(e.contains("pw-123"), e);
        assertEquals(1, e.lines().count(), e);
    }

    int run(String... args) {
        return HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), () -> environment).execute(args);
    }

    @Test
    void listPrintsEveryRunWithLatestMetricsAndWarnsAboutUnreadableOnes() {
        assertEquals(0, run("runs", "list", "--store", store.toString()));
        String text = out.toString();
        assertTrue(text.lines().findFirst().orElseThrow().matches("RUN ID +NAME +EXPERIMENT +STATUS +START +DURATION +train/loss +val_auc"), text);
        assertTrue(text.contains(id(1)) && text.contains("sgd-lr-0.1") && text.contains("0.83") && text.contains("0.45"), text);
        assertTrue(text.contains(id(2)) && text.contains("FAILED") && text.contains("0.66") && text.contains("1.5s"), text);
        assertTrue(text.contains("1m 05s"), text);
        assertTrue(text.contains("2 runs, 1 unreadable"), text);
        assertTrue(err.toString().contains("warning: unreadable run " + id(3)), err.toString());
        assertTrue(err.toString().contains("metrics/val_auc line 1"), err.toString());
    }

    @Test
    void strictTurnsUnreadableRunsIntoExitCode3() {
        assertEquals(3, run("runs", "list", "--store", store.toString(), "--strict"));
        assertEquals(0, run("runs", "list", "--store", store.toString(), "--strict", "-e", "credit-risk"));
    }

    @Test
    void filterOrderAndJson() throws Exception {
        assertEquals(0, run("runs", "list", "-s", store.toString(), "-e", "1", "--filter", "metrics.val_auc > 0.7",
                "--order-by", "metrics.val_auc DESC", "--json"));
        JsonNode arr = new ObjectMapper().readTree(out.toString());
        assertEquals(1, arr.size());
        assertEquals(id(1), arr.get(0).get("run_id").asText());
        assertEquals("credit-risk", arr.get(0).get("experiment_name").asText());
        assertEquals(0.83, arr.get(0).get("metrics").get("val_auc").get("value").asDouble());
        assertEquals("0.1", arr.get(0).get("params").get("learning_rate").asText());
    }

    @Test
    void paramsColumnsOnRequest() {
        assertEquals(0, run("runs", "list", "-s", store.toString(), "-e", "credit-risk", "--params"));
        assertTrue(out.toString().lines().findFirst().orElseThrow().contains("params.learning_rate"), out.toString());
    }

    @Test
    void showPrintsParamsMetricsAndArtifacts() {
        assertEquals(0, run("runs", "show", id(2), "--store", store.toString()));
        String text = out.toString();
        assertTrue(text.contains("cart-depth-5") && text.contains("max_depth") && text.contains("model.tribuo  (10 bytes)"), text);
    }

    @Test
    void metricsCsvIsTheFullExactHistory() {
        assertEquals(0, run("metrics", id(1), "train/loss", "--store", store.toString(), "--csv"));
        assertEquals("step,timestamp,value\n0,1700000001000,0.9\n1,1700000002000,0.45\n", out.toString());
    }

    @Test
    void errorsNameWhatIsWrongWithoutStackTraces() {
        assertEquals(1, run("runs", "show", id(99), "--store", store.toString()));
        assertTrue(err.toString().startsWith("handoff: ") && err.toString().contains("no run " + id(99)), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");

        err.getBuffer().setLength(0);
        assertEquals(1, run("runs", "list", "--store", tmp.resolve("missing").toString()));
        assertTrue(err.toString().contains(tmp.resolve("missing").toString()) && err.toString().contains("no such file or folder"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, run("runs", "list"));
        assertTrue(err.toString().contains("MLFLOW_TRACKING_URI"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, run("runs", "list", "-s", store.toString(), "-e", "nope"));
        assertTrue(err.toString().contains("no experiment 'nope'") && err.toString().contains("credit-risk [1]"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, run("runs", "list", "-s", store.toString(), "--filter", "metrics.val_auc >> 1"));
        assertTrue(err.toString().contains("metrics.val_auc >> 1"), err.toString());

        assertEquals(2, run("runs", "list", "--bogus"));
        assertEquals(2, run("metrics", id(1)));
    }

    @Test
    void storeDefaultsToMlflowTrackingUri() {
        environment = Map.of("MLFLOW_TRACKING_URI", store.toString());
        assertEquals(0, run("runs", "list", "-e", "credit-risk"));
        assertTrue(out.toString().contains("sgd-lr-0.1"));
    }
}
