package dev.handoff.bench;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** Runs whole external processes for timing, optionally under {@code /usr/bin/time} to get their peak RSS. */
final class Processes {
    private static final Path GNU_TIME = Path.of("/usr/bin/time");
    private static final String RSS_MARKER = "HANDOFF_BENCH_MAXRSS_KB=";

    private Processes() {
    }

    /**
     * A finished process.
     *
     * @param millis   wall time from start to exit, in milliseconds
     * @param maxRssKb peak resident set size in KiB, when {@code /usr/bin/time} was available
     */
    record Timed(int exitCode, double millis, OptionalLong maxRssKb, String stdout, String stderr) {
        Timed requireSuccess(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " exited with " + exitCode + ": " + stderr.strip());
            }
            return this;
        }
    }

    /**
     * Runs {@code command} to completion; its stdout is discarded unless {@code keepStdout}.
     *
     * @param env extra environment variables
     */
    static Timed run(List<String> command, Map<String, String> env, boolean keepStdout, long timeoutMinutes)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        boolean measured = Files.isExecutable(GNU_TIME);
        if (measured) {
            full.addAll(List.of(GNU_TIME.toString(), "-f", RSS_MARKER + "%M"));
        }
        full.addAll(command);
        Path out = Files.createTempFile("bench-out", ".txt");
        Path err = Files.createTempFile("bench-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(full)
                    .redirectOutput(keepStdout ? ProcessBuilder.Redirect.to(out.toFile())
                            : ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile());
            String logDir = System.getProperty(dev.handoff.logging.LogLocation.DIR_PROPERTY);
            if (logDir != null) {
                // a CLI started by a test logs where the test JVM does (target/logs), never under the real home
                pb.environment().put(dev.handoff.logging.LogLocation.DIR_ENV, logDir);
            }
            pb.environment().putAll(env);
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("Timed out after " + timeoutMinutes + " min: " + command);
            }
            double millis = (System.nanoTime() - start) / 1e6;
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            OptionalLong rss = OptionalLong.empty();
            int marker = stderr.lastIndexOf(RSS_MARKER);
            if (measured && marker >= 0) {
                rss = OptionalLong.of(Long.parseLong(stderr.substring(marker + RSS_MARKER.length()).strip()));
                stderr = stderr.substring(0, marker);
            }
            String stdout = keepStdout ? Files.readString(out, StandardCharsets.UTF_8) : "";
            return new Timed(p.exitValue(), millis, rss, stdout, stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The {@code java} executable of this JVM. */
    /** The CLI launchers' JVM options, from {@code packaging/cli-java-options} in the repository. */
    static List<String> cliJavaOptions() {
        Path file = Path.of(System.getProperty("handoff.repo", "."), "packaging", "cli-java-options");
        try {
            return List.of(java.nio.file.Files.readString(file).strip().split("\\s+"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read the CLI's JVM options from " + file, e);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The classpath this code was loaded from: the context class loader's URLs when it is a URL class loader (as
     * under {@code mvn exec:java}, where {@code java.class.path} is Maven's own), else {@code java.class.path}.
     */
    static String classPath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader
                && loader.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new IllegalStateException("Classpath entry is not a local file: " + url, e);
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }
}
