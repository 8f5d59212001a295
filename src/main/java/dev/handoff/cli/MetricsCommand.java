package dev.handoff.cli;

import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code handoff metrics RUN_ID KEY}: a metric's full history, never truncated. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Prints the full history of one metric of a run (step, timestamp, value).")
final class MetricsCommand implements Callable<Integer> {
    @Mixin
    StoreOption store = new StoreOption();
    @Parameters(index = "0", paramLabel = "RUN_ID")
    String runId;
    @Parameters(index = "1", paramLabel = "KEY", description = "Metric key, e.g. val_auc or train/loss.")
    String key;
    @Option(names = "--csv", description = "CSV with a header line: step,timestamp,value.")
    boolean csv;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (RunSource source = store.open()) {
            MetricSeries s = source.getMetricHistory(runId, key);
            if (csv) {
                StringBuilder sb = new StringBuilder("step,timestamp,value\n");
                for (int i = 0; i < s.size(); i++) {
                    sb.append(s.steps()[i]).append(',').append(s.timestamps()[i]).append(',')
                            .append(exact(s.values()[i])).append('\n');
                }
                out.print(sb);
            } else {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("STEP", "TIME", "VALUE"));
                for (int i = 0; i < s.size(); i++) {
                    rows.add(List.of(Long.toString(s.steps()[i]), Formats.time(s.timestamps()[i]), exact(s.values()[i])));
                }
                out.print(Formats.table(rows));
                out.println(s.size() + " point" + (s.size() == 1 ? "" : "s") + " of " + key);
            }
            out.flush();
            return 0;
        } catch (SourceException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    /** Shortest text that reads back to the same double; nan / inf / -inf as MLflow writes them. */
    static String exact(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }
}
