package dev.handoff.bench;

import dev.handoff.bundle.BundleVerifier;
import dev.handoff.bundle.BundleWriter;
import dev.handoff.bundle.VerificationReport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Verifying a large bundle directory's integrity: {@link BundleVerifier#verify} against {@code sha256sum} over the
 * same files in one process. The page cache cannot be dropped, so each runs once untimed to warm it.
 */
final class BundleVerifyCase implements BenchCase {
    private static final double GOAL = 0.8;

    @Override
    public String name() {
        return "bundle-verify";
    }

    @Override
    public String goal() {
        return "≥ 0.8× sha256sum throughput";
    }

    @Override
    public BenchResult run(Scale scale, Path work, Consumer<String> log) throws Exception {
        int largeFiles = 4;
        int largeBytes = scale.full() ? 100 << 20 : 2 << 20;
        int smallFiles = scale.full() ? 2_000 : 50;
        int smallBytes = scale.full() ? 50 << 10 : 8 << 10;
        Path staging = Files.createDirectories(work.resolve("staging"));
        SplittableRandom rnd = new SplittableRandom(5);
        BundleWriter writer = BundleWriter.named("bench-bundle");
        log.accept("generating " + largeFiles + " × " + (largeBytes >> 20) + " MiB + " + smallFiles + " × "
                + (smallBytes >> 10) + " KiB of random data");
        for (int i = 0; i < largeFiles; i++) {
            String rel = "model/weights-" + i + ".bin";
            writer.file(rel, randomFile(staging.resolve("large-" + i), largeBytes, rnd));
        }
        for (int i = 0; i < smallFiles; i++) {
            String rel = String.format(Locale.ROOT, "data/part-%02d/shard-%05d.bin", i % 20, i);
            writer.file(rel, randomFile(staging.resolve("small-" + i), smallBytes, rnd));
        }
        Path bundle = writer.write(work.resolve("bundle")).path();
        Bench.deleteTree(staging);

        List<String> files;
        try (Stream<Path> walk = Files.walk(bundle)) {
            files = walk.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
        }
        long bytes = 0;
        for (String f : files) {
            bytes += Files.size(Path.of(f));
        }
        List<String> sha = new ArrayList<>(List.of("sha256sum", "--"));
        sha.addAll(files);

        log.accept("warm-up (page cache)");
        requireIntact(BundleVerifier.verify(bundle, null));
        Processes.run(sha, java.util.Map.of(), false, 30).requireSuccess("sha256sum");

        log.accept("timing");
        long start = System.nanoTime();
        requireIntact(BundleVerifier.verify(bundle, null));
        double ours = (System.nanoTime() - start) / 1e6;
        Processes.Timed ref = Processes.run(sha, java.util.Map.of(), false, 30).requireSuccess("sha256sum");
        double ratio = ref.millis() / ours;
        double mib = bytes / (1024.0 * 1024.0);
        List<String> details = List.of(
                String.format(Locale.ROOT, "%d files, %.0f MiB (written by BundleWriter, manifest included)",
                        files.size(), mib),
                String.format(Locale.ROOT, "ours: BundleVerifier.verify(dir, null), in-process: %s (%.0f MiB/s)",
                        BenchResult.millis(ours), mib / (ours / 1000)),
                String.format(Locale.ROOT, "reference: one `sha256sum` process over every file: %s (%.0f MiB/s)",
                        BenchResult.millis(ref.millis()), mib / (ref.millis() / 1000)),
                "each run once untimed first to warm the page cache");
        return new BenchResult(name(), ours, ref.millis(), ratio, "our throughput / sha256sum's", goal(),
                ratio >= GOAL, details);
    }

    private static void requireIntact(VerificationReport report) {
        if (!report.intact()) {
            throw new IllegalStateException("Freshly written bundle does not verify: " + report);
        }
    }

    private static Path randomFile(Path file, int size, SplittableRandom rnd) throws IOException {
        byte[] buffer = new byte[Math.min(size, 1 << 20)];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += buffer.length) {
                for (int i = 0; i + 8 <= buffer.length; i += 8) {
                    long v = rnd.nextLong();
                    for (int b = 0; b < 8; b++) {
                        buffer[i + b] = (byte) (v >>> (8 * b));
                    }
                }
                out.write(buffer, 0, Math.min(buffer.length, size - written));
            }
        }
        return file;
    }
}
