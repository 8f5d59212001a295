package dev.handoff.report;

import dev.handoff.bundle.io.AtomicFiles;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Builds the static HTML report of an experiment and writes it atomically (temp file + rename). */
public final class HtmlReport {
    /** rw-r--r--: a report is meant to be passed around (the temp file alone would be owner-only). */
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private HtmlReport() {
    }

    /** What was written. */
    public record Written(Path file, int runs, int charts, int problems) {
    }

    public static Written write(RunSource source, ReportRequest request, Path out, ReportProgress progress)
            throws SourceException, ReportException, InterruptedException, IOException {
        ReportData data = ReportLoader.load(source, request, progress);
        progress.update("Drawing " + data.histories().size() + " charts", 0, 1);
        String html = ReportHtml.render(data);
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("report cancelled");
        }
        try {
            AtomicFiles.writeString(out, READABLE, html);
        } catch (IOException e) {
            throw new IOException("cannot write the report to " + out.toAbsolutePath() + ": " + e, e);
        }
        progress.update("Wrote " + out, 1, 1);
        return new Written(out, data.runs().size(), data.histories().size(), data.problems().size());
    }
}
