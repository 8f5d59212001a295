package dev.handoff.cli;

import dev.handoff.bundle.BundleReader;
import dev.handoff.bundle.OpenedBundle;
import dev.handoff.drift.DataException;
import dev.handoff.drift.DataTable;
import dev.handoff.drift.DriftAnalyzer;
import dev.handoff.drift.DriftHtml;
import dev.handoff.drift.DriftReport;
import dev.handoff.drift.DriftText;
import dev.handoff.drift.MonitoringPlan;
import dev.handoff.drift.ReferenceProfile;
import dev.handoff.drift.ReferenceProfiles;
import dev.handoff.drift.TribuoScorer;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code handoff drift --bundle B --data NEW.csv}: compares new data with the bundle's reference profile. */
@Command(name = "drift", mixinStandardHelpOptions = true,
        description = {"Compares NEW.csv with the bundle's reference profile (monitoring/reference_profile.json):",
                "PSI per column and on the model's score, and the test Evidently uses by default for the column's kind and",
                "the reference size (KS / chi-squared / Z-test up to 1,000 reference rows, normed Wasserstein /",
                "Jensen-Shannon above), with a data set verdict and, when NEW.csv has the label, metrics per group."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no drift", "1:failure (bundle, profile or data unreadable; message on stderr)", "2:usage error",
                "4:drift detected (a monitored column or the score drifted by its test)"})
final class DriftCommand implements Callable<Integer> {
    @Option(names = {"-b", "--bundle"}, required = true, paramLabel = "BUNDLE", description = "A bundle directory or zip.")
    Path bundle;
    @Option(names = {"-d", "--data"}, required = true, paramLabel = "NEW.csv", description = "The new rows (header row first).")
    Path data;
    @Option(names = "--json", description = "Write the report as JSON.")
    boolean json;
    @Option(names = "--html", description = "Write the report as an HTML page.")
    boolean html;
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the report to FILE (default: standard output).")
    Path out;
    @Option(names = "--psi-moderate", paramLabel = "X", description = "PSI from which a shift is moderate (default: the bundle's plan, 0.10).")
    Double psiModerate;
    @Option(names = "--psi-major", paramLabel = "X", description = "PSI from which a shift is major (default: the bundle's plan, 0.25).")
    Double psiMajor;
    @Option(names = "--drift-share", paramLabel = "X", description = "Share of drifted columns that makes the data set drift (default: 0.5).")
    Double driftShare;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        if (json && html) {
            throw new CliFailure("choose one of --json and --html", 2);
        }
        if (!Files.exists(bundle)) {
            throw new CliFailure(bundle + ": no such bundle");
        }
        DriftReport report;
        try (OpenedBundle opened = BundleReader.open(bundle)) {
            ReferenceProfile profile = ReferenceProfiles.read(opened.root().resolve(ReferenceProfiles.BUNDLE_PATH),
                    opened.source() + (opened.extracted() ? "!" : "/") + ReferenceProfiles.BUNDLE_PATH);
            MonitoringPlan plan = profile.plan();
            if (psiModerate != null || psiMajor != null) {
                plan = plan.withPsiBands(psiModerate == null ? plan.psiModerate() : psiModerate,
                        psiMajor == null ? plan.psiMajor() : psiMajor);
            }
            if (driftShare != null) {
                plan = plan.withDriftShare(driftShare);
            }
            Model<?> model = opened.loadModel();
            TribuoScorer scorer = model.validate(Label.class) && profile.positiveLabel() != null
                    ? new TribuoScorer((Model<Label>) model, profile.features(), profile.positiveLabel()) : null;
            DataTable table = DriftAnalyzer.read(profile, data);
            report = DriftAnalyzer.compare(profile, table, scorer, plan, () -> false);
        } catch (DataException e) {
            throw new CliFailure(e.getMessage(), e);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        String text;
        try {
            text = json ? ReferenceProfiles.JSON.writeValueAsString(report) : html ? DriftHtml.render(report) : DriftText.render(report);
        } catch (IOException e) {
            throw new CliFailure("cannot render the report: " + e.getMessage(), e);
        }
        if (out == null) {
            PrintWriter o = spec.commandLine().getOut();
            o.print(text);
            o.flush();
        } else {
            try {
                Path abs = out.toAbsolutePath();
                Files.createDirectories(abs.getParent());
                Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
                try {
                    Files.writeString(tmp, text, StandardCharsets.UTF_8);
                    Files.move(tmp, abs, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw new CliFailure(out + ": cannot write the report: " + e.getMessage(), e);
            }
            spec.commandLine().getErr().println("handoff: wrote " + out);
        }
        return report.driftDetected() ? HandoffCli.EXIT_DRIFT : 0;
    }
}
