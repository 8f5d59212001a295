package dev.handoff.bench;

import dev.handoff.peer.MlflowPeer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Benchmarks against the reference tools (MLflow's Python client and server, JFreeChart drawing every point, the
 * native XGBoost SHAP, {@code sha256sum}). Every case generates its own data.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test -Dmain.class=dev.handoff.bench.Bench \
 *     -Dexec.args="--scale full --out bench-results.md"
 * </pre>
 *
 * Options: {@code --scale small|full} (default full), {@code --only CASE} (repeatable; see {@link #CASES}),
 * {@code --out FILE} (Markdown results), {@code --work DIR} (where data is generated; default a temp directory).
 */
public final class Bench {

    /** The cases, by name, in run order. */
    static final Map<String, BenchCase> CASES = cases();

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: Bench [--scale small|full] [--only CASE]... [--out FILE] [--work DIR]"
                    + "\n  cases: " + String.join(", ", CASES.keySet()));
            System.exit(2);
            return;
        }
        run(options, System.out::println);
    }

    /** Runs the selected cases, prints each result and writes the Markdown report when {@code --out} was given. */
    static List<BenchResult> run(Options options, Consumer<String> log) throws IOException {
        List<BenchResult> results = new ArrayList<>();
        log.accept("case | ours | reference | ratio | goal | met?");
        Path workRoot = options.work() != null ? Files.createDirectories(options.work())
                : Files.createTempDirectory("handoff-bench");
        for (String name : options.only().isEmpty() ? List.copyOf(CASES.keySet()) : options.only()) {
            BenchCase c = CASES.get(name);
            Path work = Files.createDirectories(workRoot.resolve(name));
            BenchResult r;
            try {
                r = c.run(options.scale(), work, msg -> log.accept("  [" + name + "] " + msg));
            } catch (MlflowPeer.PeerUnavailableException e) {
                r = BenchResult.skipped(name, c.goal(), "MLflow peer unavailable: " + e.getMessage());
            } catch (Exception e) {
                throw new IllegalStateException("Benchmark case " + name + " failed: " + e, e);
            } finally {
                deleteTree(work);
            }
            results.add(r);
            log.accept(r.row());
            r.details().forEach(d -> log.accept("    " + d));
        }
        if (options.work() == null) {
            deleteTree(workRoot);
        }
        if (options.out() != null) {
            write(options.out(), options.scale(), results);
            log.accept("Results written to " + options.out().toAbsolutePath());
        }
        return results;
    }

    private static Map<String, BenchCase> cases() {
        Map<String, BenchCase> m = new LinkedHashMap<>();
        for (BenchCase c : List.of(new LocalStoreCase(), new MetricHistoryCase(), new ChartCase(), new TreeShapCase(),
                new BundleVerifyCase(), new DriftProfileCase(), new SqliteFirstPageCase())) {
            m.put(c.name(), c);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void write(Path out, BenchCase.Scale scale, List<BenchResult> results) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Handoff Workbench benchmarks\n\n");
        md.append("Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append("  \nScale: ").append(scale.name().toLowerCase(Locale.ROOT)).append("\n\n");
        md.append("## Machine\n\n");
        Machine.describe().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n## Results\n\n| case | ours | reference | ratio | goal | met? |\n|---|---|---|---|---|---|\n");
        results.forEach(r -> md.append(r.row()).append('\n'));
        md.append("\n## Details\n");
        for (BenchResult r : results) {
            md.append("\n### ").append(r.name()).append("\n\n");
            if (!r.ran()) {
                md.append("Skipped: ").append(r.skipped()).append('\n');
            }
            r.details().forEach(d -> md.append("- ").append(d).append('\n'));
        }
        Path absolute = out.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        Files.writeString(temp, md, StandardCharsets.UTF_8);
        Files.move(temp, absolute, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }

    /** Parsed command-line options. */
    record Options(BenchCase.Scale scale, List<String> only, Path out, Path work) {
        Options {
            only = List.copyOf(only);
        }

        static Options parse(String... args) {
            BenchCase.Scale scale = BenchCase.Scale.FULL;
            List<String> only = new ArrayList<>();
            Path out = null;
            Path work = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!List.of("--scale", "--only", "--out", "--work").contains(a)) {
                    throw new IllegalArgumentException("Unknown option '" + a + "'");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--scale" -> scale = switch (v) {
                        case "small" -> BenchCase.Scale.SMALL;
                        case "full" -> BenchCase.Scale.FULL;
                        default -> throw new IllegalArgumentException("--scale must be small or full, not '" + v + "'");
                    };
                    case "--only" -> {
                        if (!CASES.containsKey(v)) {
                            throw new IllegalArgumentException("Unknown case '" + v + "'; cases: "
                                    + String.join(", ", CASES.keySet()));
                        }
                        only.add(v);
                    }
                    case "--out" -> out = Path.of(v);
                    default -> work = Path.of(v);
                }
            }
            return new Options(scale, only, out, work);
        }
    }
}
