package dev.handoff.peer;

import dev.handoff.peer.MlflowPeer.PeerUnavailableException;
import dev.handoff.peer.MlflowPeer.ProcessResult;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium for tests that judge an HTML page as a browser draws it (the static report). Uses
 * {@code /usr/bin/chromium}; when it is absent, installs Debian's {@code chromium} package once with apt-get (as root),
 * concurrent JVMs serialised by a lock file in the peer cache ({@code ${HANDOFF_PEER_CACHE:-~/.cache/handoff-workbench}}).
 *
 * <p>Availability policy as {@link MlflowPeer#require()}: when Chromium cannot be installed or started the test fails
 * with the reason under {@code CI=true}, else it is skipped with the reason.
 *
 * <p>Every run gets a fresh profile ({@code --user-data-dir}, deleted afterwards), no sandbox (root in a container), no
 * GPU, and no network: background networking, component updates and sync are off, and every host name resolves to
 * nothing, so a page that tried to load anything from anywhere would show it.
 */
public final class ChromiumPeer {
    static final Path BINARY = Paths.get("/usr/bin/chromium");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static ChromiumPeer instance;
    private static PeerUnavailableException failure;

    private final String version;

    private ChromiumPeer(String version) {
        this.version = version;
    }

    /** The shared Chromium, installed first when needed; fails (CI) or skips the test when it cannot be had. */
    public static synchronized ChromiumPeer require() {
        try {
            if (instance == null) {
                if (failure != null) {
                    throw failure;
                }
                try {
                    instance = install();
                } catch (PeerUnavailableException e) {
                    failure = e;
                    throw e;
                }
            }
            return instance;
        } catch (PeerUnavailableException e) {
            String reason = "Chromium peer unavailable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason, e);
            }
            Assumptions.abort(reason);
            throw new AssertionError(reason); // not reached
        }
    }

    /** e.g. {@code Chromium 131.0.6778.85 built on Debian GNU/Linux 12 (bookworm)}. */
    public String version() {
        return version;
    }

    /** Screenshots {@code page} in a {@code width} × {@code height} window to {@code png}. */
    public ProcessResult screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        ProcessResult r = run("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                page.toUri().toString());
        if (r.ok() && !Files.isRegularFile(png)) {
            throw new IOException("chromium wrote no screenshot " + png + ":\n" + r.outputTail());
        }
        return r;
    }

    /** The DOM of {@code page} after its scripts ran, as Chromium serialises it (HTML syntax). */
    public String dumpDom(Path page, int width, int height) throws IOException, InterruptedException {
        ProcessResult r = run("--dump-dom", "--window-size=" + width + "," + height, "--virtual-time-budget=5000",
                page.toUri().toString());
        r.requireSuccess();
        return r.stdout();
    }

    private ProcessResult run(String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile-");
        try {
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1",
                    "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + profile));
            command.addAll(List.of(args));
            return exec(command, RUN_TIMEOUT);
        } finally {
            deleteTree(profile);
        }
    }

    private static ChromiumPeer install() throws PeerUnavailableException {
        Path lockFile = cacheRoot().resolve("chromium.lock");
        try {
            Files.createDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.isExecutable(BINARY)) {
                    aptInstall();
                }
                ProcessResult v = exec(List.of(BINARY.toString(), "--version"), Duration.ofMinutes(1));
                if (!v.ok()) {
                    throw new PeerUnavailableException("chromium --version failed (" + v.exitCode() + "):\n" + v.outputTail());
                }
                return new ChromiumPeer(v.stdout().strip());
            }
        } catch (IOException e) {
            throw new PeerUnavailableException("cannot install or start " + BINARY + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailableException("interrupted while installing chromium", e);
        }
    }

    /** {@code apt-get install chromium}, after {@code apt-get update} when the package lists are stale. */
    private static void aptInstall() throws IOException, InterruptedException, PeerUnavailableException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new PeerUnavailableException(BINARY + " is absent and only root may apt-get install chromium");
        }
        List<String> install = List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y",
                "--no-install-recommends", "chromium");
        ProcessResult first = exec(install, INSTALL_TIMEOUT);
        if (first.ok()) {
            return;
        }
        ProcessResult update = exec(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "update"), INSTALL_TIMEOUT);
        ProcessResult again = update.ok() ? exec(install, INSTALL_TIMEOUT) : update;
        if (!again.ok()) {
            throw new PeerUnavailableException(String.join(" ", again.command()) + " failed (exit " + again.exitCode()
                    + "):\n" + again.outputTail());
        }
    }

    private static ProcessResult exec(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("chromium-", ".out");
        Path err = Files.createTempFile("chromium-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            long started = System.nanoTime();
            Process p = pb.start();
            boolean finished;
            try {
                finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                if (p.isAlive()) {
                    MlflowPeer.killTree(p);
                }
            }
            return new ProcessResult(command, finished ? p.exitValue() : -1, !finished,
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Path cacheRoot() {
        String configured = System.getenv("HANDOFF_PEER_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "handoff-workbench");
    }

    /** Best effort: a profile file chromium still held is left in the temp folder. */
    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // left behind in the temp folder
        }
    }
}
