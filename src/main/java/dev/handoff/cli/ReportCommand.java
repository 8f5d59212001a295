package dev.handoff.cli;

import dev.handoff.report.HtmlReport;
import dev.handoff.report.ReportException;
import dev.handoff.report.ReportRequest;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code handoff report}: one self-contained HTML file of an experiment (runs table, one SVG chart per metric). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes a static, self-contained HTML report of an experiment: header, runs table (params, latest "
                + "metrics) and one SVG line chart per metric with every run overlaid. Opens offline; loads nothing."})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    StoreOption store = new StoreOption();
    @Option(names = {"-e", "--experiment"}, required = true, paramLabel = "NAME|ID",
            description = "Experiment name or id (repeatable: one report of several experiments).")
    List<String> experiments = new ArrayList<>();
    @Option(names = "--runs", paramLabel = "IDS|FILTER",
            description = "Run ids (comma-separated) or an MLflow search filter, e.g. \"metrics.val_auc > 0.8\". Default: every active run.")
    String runs = "";
    @Option(names = "--metrics", split = ",", paramLabel = "KEY",
            description = "Metrics to chart, in this order (comma-separated or repeated). Default: every metric logged.")
    List<String> metrics = new ArrayList<>();
    @Option(names = "--title", paramLabel = "TEXT", description = "The report's title. Default: Experiment report: NAME.")
    String title;
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "The HTML file to write (replaced atomically).")
    Path out;
    @Option(names = "--strict", description = "Exit with code 3 when some runs or histories were unreadable (they are listed in the report).")
    boolean strict;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        ReportRequest request = new ReportRequest(experiments, runs, metrics, title, Instant.now(),
                new HandoffCli.Version().getVersion()[0]);
        try (RunSource source = store.open()) {
            HtmlReport.Written w = HtmlReport.write(source, request, out, (message, done, total) -> { });
            stdout.println("Wrote " + out + ": " + w.runs() + (w.runs() == 1 ? " run, " : " runs, ") + w.charts()
                    + (w.charts() == 1 ? " chart" : " charts")
                    + (w.problems() == 0 ? "" : ", " + w.problems() + " unreadable (listed in the report)"));
            stdout.flush();
            return strict && w.problems() > 0 ? HandoffCli.EXIT_PARTIAL : 0;
        } catch (ReportException | SourceException | IOException e) {
            throw new CliFailure(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("report interrupted", e);
        }
    }
}
