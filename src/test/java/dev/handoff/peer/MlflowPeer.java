package dev.handoff.peer;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MLflow installation for integration tests: a Python venv with a pinned {@code mlflow[auth]}, created once in
 * {@code ${HANDOFF_PEER_CACHE:-~/.cache/handoff-workbench}/mlflow-<version>} and reused by every later run.
 * Concurrent JVMs serialise the installation through a lock file beside the venv; a venv counts as installed only
 * once its marker file exists, so a half-finished installation is wiped and redone.
 *
 * <p>Typical use:
 * <pre>{@code
 * MlflowPeer peer = MlflowPeer.require();                       // skips (or fails on CI) when unavailable
 * ProcessResult r = peer.runPython(Duration.ofMinutes(2), MlflowPeer.script("log_sample_runs.py").toString(), db)
 *         .requireSuccess();
 * try (MlflowPeer.Server server = peer.requireServer("sqlite:///" + db, artifacts, Map.of())) {
 *     URI base = server.baseUrl();                              // http://127.0.0.1:<free port>
 * }
 * }</pre>
 *
 * <p>Availability policy (one place: {@link #require()} / {@link #requireServer}): when the peer cannot be installed or
 * started, the test fails with the reason if the environment variable {@code CI=true}, else it is skipped with the
 * reason (JUnit assumption).
 *
 * <p>Every Python process gets {@code MLFLOW_DISABLE_TELEMETRY=true}, {@code DO_NOT_TRACK=true} and
 * {@code PYTHONUNBUFFERED=1}; callers add or override variables per call.
 */
public final class MlflowPeer {
    /** The pinned MLflow version (newest 3.x whose dependencies all install from PyPI). */
    public static final String VERSION = "3.17.2";
    /** What pip installs: MLflow with its basic-auth server, and onnx / onnxruntime for MLflow's ONNX pyfunc flavor. */
    public static final List<String> REQUIREMENTS = List.of("mlflow[auth]==" + VERSION, "onnx==1.23.2", "onnxruntime==1.31.1");
    /** The requirements as one line (what the install marker records). */
    public static final String REQUIREMENT = String.join(" ", REQUIREMENTS);

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(90);
    private static final int LOG_TAIL_LINES = 40;

    private static final Map<String, MlflowPeer> INSTANCES = new HashMap<>();
    private static final Map<String, PeerUnavailableException> FAILURES = new HashMap<>();

    private final Path venv;

    private MlflowPeer(Path venv) {
        this.venv = venv;
    }

    /**
     * The shared peer, installing it first when needed (minutes, once per machine). A failure is remembered for the
     * rest of this JVM so later tests do not retry a broken installation.
     *
     * @throws PeerUnavailableException naming the step that failed, with the tail of pip's / python's output
     */
    public static MlflowPeer get() throws PeerUnavailableException {
        return venv("mlflow-" + VERSION, REQUIREMENTS,
                "import mlflow, sys; sys.exit(0 if mlflow.__version__ == '" + VERSION + "' else 3)");
    }

    /**
     * A venv of reference tools that judge our output (e.g. {@code model-signing}, {@code evidently}), installed once
     * under the peer cache as {@code name}, like the MLflow venv: same lock, marker and availability policy. Keep each
     * tool set in its own venv so its pins never fight MLflow's.
     *
     * @param requirements pip requirement specifiers (pinned)
     * @param importCheck  Python code that exits 0 when the installation is usable, e.g. {@code "import evidently"}
     */
    public static MlflowPeer requireVenv(String name, List<String> requirements, String importCheck) {
        try {
            return venv(name, requirements, importCheck);
        } catch (PeerUnavailableException e) {
            throw unavailable(e);
        }
    }

    private static synchronized MlflowPeer venv(String name, List<String> requirements, String importCheck)
            throws PeerUnavailableException {
        MlflowPeer known = INSTANCES.get(name);
        if (known != null) {
            return known;
        }
        PeerUnavailableException failed = FAILURES.get(name);
        if (failed != null) {
            throw failed;
        }
        try {
            MlflowPeer peer = install(cacheRoot().resolve(name), requirements, importCheck);
            INSTANCES.put(name, peer);
            return peer;
        } catch (PeerUnavailableException e) {
            FAILURES.put(name, e);
            throw e;
        }
    }

    /** {@link #get()} under the availability policy: fails the test on CI, else skips it, with the reason. */
    public static MlflowPeer require() {
        try {
            return get();
        } catch (PeerUnavailableException e) {
            throw unavailable(e);
        }
    }

    /** {@link #startServer} under the availability policy of {@link #require()}. */
    public Server requireServer(String backendUri, Path artifactsDir, Map<String, String> extraEnv,
                                String... extraArgs) {
        try {
            return startServer(backendUri, artifactsDir, extraEnv, extraArgs);
        } catch (PeerUnavailableException e) {
            throw unavailable(e);
        }
    }

    /** The single availability policy: an error failing the test on CI, else a JUnit abort (skip). */
    private static Error unavailable(PeerUnavailableException e) {
        String reason = "MLflow peer unavailable: " + e.getMessage();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return new AssertionError(reason, e);
        }
        return Assumptions.abort(reason);
    }

    /** The venv's Python interpreter. */
    public Path python() {
        return venv.resolve("bin").resolve("python");
    }

    /** The venv folder. */
    public Path venv() {
        return venv;
    }

    /**
     * A peer script shipped in {@code src/test/resources/peer/}, e.g. {@code script("search_runs_store.py")}.
     *
     * @throws IllegalArgumentException when no such script is on the test classpath
     */
    public static Path script(String name) {
        URL url = MlflowPeer.class.getResource("/peer/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no peer script src/test/resources/peer/" + name);
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("peer script " + name + " is not a file: " + url, e);
        }
    }

    /** Runs the venv's Python with {@code args} (script path first, then its arguments). */
    public ProcessResult runPython(Duration timeout, String... args) throws IOException, InterruptedException {
        return runPython(timeout, Map.of(), args);
    }

    /**
     * Runs the venv's Python with {@code args} and extra environment variables; stdout and stderr are captured.
     * On timeout the process tree is killed and the result has exit code -1 and {@code timedOut() == true}.
     */
    public ProcessResult runPython(Duration timeout, Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        return runPython(null, timeout, extraEnv, args);
    }

    /**
     * As {@link #runPython(Duration, Map, String...)} with the working directory {@code workDir} (null = inherit), so
     * MLflow's relative defaults such as {@code ./mlruns} land in a temp folder rather than the project.
     */
    public ProcessResult runPython(Path workDir, Duration timeout, Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(python().toString());
        command.addAll(Arrays.asList(args));
        return run(command, extraEnv, timeout, workDir);
    }

    /**
     * Starts {@code mlflow server} on 127.0.0.1 and a free port, serving artifacts from {@code artifactsDir}, and
     * waits until {@code GET /health} answers 200 (up to 90 s).
     *
     * @param backendUri e.g. {@code sqlite:////tmp/x/mlflow.db}
     * @param extraEnv   e.g. {@code MLFLOW_FLASK_SERVER_SECRET_KEY} for {@code --app-name basic-auth}
     * @param extraArgs  appended to the command line, e.g. {@code "--app-name", "basic-auth"}
     * @throws PeerUnavailableException when the server exits or does not become healthy; carries its log tail
     */
    public Server startServer(String backendUri, Path artifactsDir, Map<String, String> extraEnv, String... extraArgs)
            throws PeerUnavailableException {
        PeerUnavailableException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                return Server.start(this, port, backendUri, artifactsDir, extraEnv, extraArgs);
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Starts an {@code mlflow server} as production runs it, with this peer's Python (a venv with
     * {@link #PRODUCTION_REQUIREMENTS}): a PostgreSQL backend store (pgserver), an S3 artifact store (moto in server
     * mode) and the arguments {@code extraArgs} (e.g. basic auth); see {@code pg_s3_mlflow_server.py}. Closing the
     * server stops all three.
     */
    public Server startProductionServer(Map<String, String> extraEnv, String... extraArgs) throws PeerUnavailableException {
        PeerUnavailableException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(python().toString(),
                    script("pg_s3_mlflow_server.py").toString(), Integer.toString(port), "@WORKDIR@"));
            command.addAll(Arrays.asList(extraArgs));
            try {
                return Server.launch(port, command, extraEnv, "@WORKDIR@");
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw last;
    }

    /** {@link #startProductionServer} under the availability policy of {@link #require()}. */
    public Server requireProductionServer(Map<String, String> extraEnv, String... extraArgs) {
        try {
            return startProductionServer(extraEnv, extraArgs);
        } catch (PeerUnavailableException e) {
            throw unavailable(e);
        }
    }

    /** What the production-like server's venv holds besides MLflow: PostgreSQL, its driver, S3 and its client. */
    public static final List<String> PRODUCTION_REQUIREMENTS = List.of("mlflow[auth]==" + VERSION,
            "psycopg2-binary==2.9.13", "pgserver==0.1.4", "moto[server]==5.2.5", "boto3==1.44.8");

    /** The venv of {@link #startProductionServer}, installed like {@link #get()} (and failing on CI like it). */
    public static MlflowPeer requireProduction() {
        return requireVenv("mlflow-" + VERSION + "-pg-s3", PRODUCTION_REQUIREMENTS,
                "import mlflow, psycopg2, pgserver, moto, boto3");
    }

    // ---------------------------------------------------------------- installation

    private static Path cacheRoot() {
        String configured = System.getenv("HANDOFF_PEER_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "handoff-workbench");
    }

    private static MlflowPeer install(Path venv, List<String> requirements, String importCheck)
            throws PeerUnavailableException {
        String requirement = String.join(" ", requirements);
        Path marker = venv.resolve(".handoff-installed");
        Path lockFile = venv.resolveSibling(venv.getFileName() + ".lock");
        try {
            Files.createDirectories(venv.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (isInstalled(marker, requirement)) {
                    return new MlflowPeer(venv);
                }
                deleteTree(venv);
                MlflowPeer peer = new MlflowPeer(venv);
                step("python3 -m venv " + venv, run(List.of("python3", "-m", "venv", venv.toString()), Map.of(),
                        Duration.ofMinutes(3), null));
                List<String> pip = new ArrayList<>(List.of(peer.python().toString(), "-m", "pip", "install",
                        "--disable-pip-version-check", "--no-input"));
                pip.addAll(requirements);
                step("pip install " + requirement, run(pip, Map.of(), INSTALL_TIMEOUT, null));
                step("check " + importCheck, peer.runPython(Duration.ofMinutes(2), "-c", importCheck));
                Path tmp = Files.createTempFile(venv, ".marker", ".tmp");
                Files.writeString(tmp, requirement + "\n");
                Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return peer;
            }
        } catch (IOException e) {
            throw new PeerUnavailableException("cannot install " + requirement + " into " + venv + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailableException("interrupted while installing " + requirement + " into " + venv, e);
        }
    }

    private static boolean isInstalled(Path marker, String requirement) throws IOException {
        return Files.isRegularFile(marker) && Files.readString(marker).trim().equals(requirement);
    }

    private static void step(String what, ProcessResult r) throws PeerUnavailableException {
        if (!r.ok()) {
            throw new PeerUnavailableException(what + " failed (" + r.describeExit() + "):\n" + r.outputTail());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    // ---------------------------------------------------------------- processes

    private static Map<String, String> baseEnv(Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("MLFLOW_DISABLE_TELEMETRY", "true");
        env.put("DO_NOT_TRACK", "true");
        env.put("PYTHONUNBUFFERED", "1");
        env.putAll(extraEnv);
        return env;
    }

    private static ProcessResult run(List<String> command, Map<String, String> extraEnv, Duration timeout, Path dir)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("peer-", ".out");
        Path err = Files.createTempFile("peer-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            pb.environment().putAll(baseEnv(extraEnv));
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            long started = System.nanoTime();
            Process p = pb.start();
            boolean finished;
            try {
                finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                if (p.isAlive()) {
                    killTree(p);
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            return new ProcessResult(command, finished ? p.exitValue() : -1, !finished,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                    elapsed);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Terminates {@code p} and all its descendants: politely, then forcibly after 5 s. */
    static void killTree(Process p) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                h.destroyForcibly();
            }
        }
    }

    private static int freePort() throws PeerUnavailableException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new PeerUnavailableException("no free port on 127.0.0.1: " + e, e);
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\\R");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", Arrays.copyOfRange(all, from, all.length));
    }

    // ---------------------------------------------------------------- result types

    /**
     * A finished (or timed-out) Python process.
     *
     * @param exitCode -1 when it timed out and was killed
     */
    public record ProcessResult(List<String> command, int exitCode, boolean timedOut, String stdout, String stderr,
                                Duration elapsed) {
        public boolean ok() {
            return !timedOut && exitCode == 0;
        }

        /** Returns this result, or fails the test with the command, exit code and output tails. */
        public ProcessResult requireSuccess() {
            if (!ok()) {
                Assertions.fail(String.join(" ", command) + " failed (" + describeExit() + "):\n" + outputTail());
            }
            return this;
        }

        String describeExit() {
            return timedOut ? "timed out after " + elapsed.toSeconds() + " s" : "exit code " + exitCode;
        }

        /** The last lines of stdout and stderr, for error messages. */
        public String outputTail() {
            return "--- stdout (tail) ---\n" + tail(stdout, LOG_TAIL_LINES)
                    + "\n--- stderr (tail) ---\n" + tail(stderr, LOG_TAIL_LINES);
        }
    }

    /** The peer could not be installed or started; the message says which step and shows the output tail. */
    public static class PeerUnavailableException extends Exception {
        public PeerUnavailableException(String message) {
            super(message);
        }

        public PeerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class PortTakenException extends PeerUnavailableException {
        PortTakenException(String message) {
            super(message);
        }
    }

    /**
     * A running {@code mlflow server}. It runs in a private temporary working directory (so relative defaults such as
     * basic-auth's {@code basic_auth.db} stay out of the project); {@link #close()} kills its process tree and deletes
     * that directory with the server log.
     */
    public static final class Server implements AutoCloseable {
        private final Process process;
        private final URI baseUrl;
        private final Path workDir;
        private final Path log;

        private Server(Process process, URI baseUrl, Path workDir) {
            this.process = process;
            this.baseUrl = baseUrl;
            this.workDir = workDir;
            this.log = workDir.resolve("server.log");
        }

        static Server start(MlflowPeer peer, int port, String backendUri, Path artifactsDir,
                            Map<String, String> extraEnv, String... extraArgs) throws PeerUnavailableException {
            List<String> command = new ArrayList<>(List.of(peer.python().toString(), "-m", "mlflow", "server",
                    "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--backend-store-uri", backendUri,
                    "--artifacts-destination", artifactsDir.toAbsolutePath().toString(),
                    "--workers", "1"));
            command.addAll(Arrays.asList(extraArgs));
            return launch(port, command, extraEnv, null);
        }

        /**
         * Starts {@code command} (which serves MLflow on {@code port}) in a fresh working directory and waits until it
         * is healthy. {@code workDirArg}, when not null, is replaced in the command by that directory's path.
         */
        static Server launch(int port, List<String> commandLine, Map<String, String> extraEnv, String workDirArg)
                throws PeerUnavailableException {
            List<String> command = new ArrayList<>(commandLine);
            Path workDir = null;
            Process process = null;
            try {
                workDir = Files.createTempDirectory("mlflow-server-");
                if (workDirArg != null) {
                    String dir = workDir.toString();
                    command.replaceAll(a -> a.equals(workDirArg) ? dir : a);
                }
                ProcessBuilder pb = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(workDir.resolve("server.log").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
                pb.environment().putAll(baseEnv(extraEnv));
                process = pb.start();
                Server server = new Server(process, URI.create("http://127.0.0.1:" + port), workDir);
                server.awaitHealthy(command);
                return server;
            } catch (IOException e) {
                cleanUp(process, workDir);
                throw new PeerUnavailableException("cannot start " + String.join(" ", command) + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cleanUp(process, workDir);
                throw new PeerUnavailableException("interrupted while starting mlflow server", e);
            } catch (PeerUnavailableException e) {
                cleanUp(process, workDir);
                throw e;
            }
        }

        private static void cleanUp(Process process, Path workDir) {
            try {
                if (process != null && process.isAlive()) {
                    killTree(process);
                }
                if (workDir != null) {
                    deleteTree(workDir);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void awaitHealthy(List<String> command) throws PeerUnavailableException, InterruptedException {
            long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    String out = log();
                    String msg = "mlflow server exited with code " + process.exitValue() + " before becoming healthy ("
                            + String.join(" ", command) + "):\n" + tail(out, LOG_TAIL_LINES);
                    if (out.contains("Address already in use") || out.contains("address already in use")) {
                        throw new PortTakenException(msg);
                    }
                    throw new PeerUnavailableException(msg);
                }
                if (healthy()) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new PeerUnavailableException("mlflow server did not answer GET " + baseUrl + "/health within "
                    + HEALTH_TIMEOUT.toSeconds() + " s:\n" + tail(log(), LOG_TAIL_LINES));
        }

        private boolean healthy() {
            try {
                HttpURLConnection c = (HttpURLConnection) baseUrl.resolve("/health").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                try {
                    return c.getResponseCode() == 200;
                } finally {
                    c.disconnect();
                }
            } catch (IOException e) {
                return false;
            }
        }

        /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
        public URI baseUrl() {
            return baseUrl;
        }

        /** The server's combined stdout/stderr so far (for assertion messages). */
        public String log() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(server log unreadable: " + e + ")";
            }
        }

        /** True while the server process is running. */
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void close() {
            cleanUp(process, workDir);
        }
    }
}
