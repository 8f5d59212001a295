package dev.handoff.peer;

import java.util.Map;

/**
 * The production-like tracking server of the peer tests, started once per test JVM and shared: PostgreSQL backend
 * store (pgserver), S3 artifact store (moto), basic auth (admin {@link #USER} / {@link #PASSWORD}); see
 * {@link MlflowPeer#startProductionServer}. Under CI=true a server that cannot start fails the test (the peers'
 * availability policy). Each test class logs into experiments of its own.
 */
public final class ProductionServer {
    public static final String USER = "admin";
    public static final String PASSWORD = "handoff-Production-pw-2026";
    /** MLFLOW_TRACKING_USERNAME/PASSWORD of the server's admin, for MLflow's client and our REST source. */
    public static final Map<String, String> AUTH = Map.of("MLFLOW_TRACKING_USERNAME", USER,
            "MLFLOW_TRACKING_PASSWORD", PASSWORD);

    private static MlflowPeer peer;
    private static MlflowPeer.Server server;

    private ProductionServer() {
    }

    /** The venv the server runs in (MLflow with psycopg2, pgserver, moto and boto3), for MLflow's client too. */
    public static synchronized MlflowPeer peer() {
        if (peer == null) {
            peer = MlflowPeer.requireProduction();
        }
        return peer;
    }

    /** The running server, started on first use and stopped when the JVM exits. */
    public static synchronized MlflowPeer.Server get() {
        if (server == null || !server.isAlive()) {
            server = peer().requireProductionServer(Map.of("MLFLOW_FLASK_SERVER_SECRET_KEY", "handoff-test-secret",
                    "MLFLOW_AUTH_ADMIN_PASSWORD", PASSWORD), "--app-name", "basic-auth");
            MlflowPeer.Server started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "production-mlflow-server-stop"));
        }
        return server;
    }

    /**
     * The PostgreSQL URI of the server's backend store, as the server script printed it (for tests that add rows
     * in bulk).
     */
    public static String backendUri() {
        for (String line : get().log().split("\n")) {
            if (line.startsWith("READY ")) {
                return line.split(" ", 4)[3].strip();
            }
        }
        throw new IllegalStateException("the production server printed no READY line:\n" + get().log());
    }
}
