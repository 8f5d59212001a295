package dev.handoff.cli;

import dev.handoff.logging.LogLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code handoff} command. Exit codes: 0 success, 1 failure (message on stderr naming the file, URL or id at fault),
 * 2 usage error, 3 success with unreadable runs when {@code --strict} is given.
 */
@Command(name = "handoff", mixinStandardHelpOptions = true, versionProvider = HandoffCli.Version.class,
        description = "Handoff Workbench command line: browse MLflow runs, export metrics, explain models, build and verify bundles.",
        subcommands = {RunsCommand.class, ModelsCommand.class, PromoteCommand.class, MetricsCommand.class, ExplainCommand.class, CohortsCommand.class, SignoffCommand.class, BundleCommand.class,
                VerifyCommand.class, KeysCommand.class, CardCommand.class, DriftCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (store, run or file unreadable; message on stderr)", "2:usage error",
                "3:finished, but some runs were unreadable (with --strict)", "4:drift detected (handoff drift)"})
public final class HandoffCli implements Runnable {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_PARTIAL = 3;
    public static final int EXIT_DRIFT = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command, e.g. 'handoff runs list --store mlruns'");
    }

    /** Builds the command line with our error handling, reading MLFLOW_* variables from the process environment. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, System::getenv);
    }

    /**
     * Builds the command line with our error handling; tests call this with their own writers and an environment
     * ({@code MLFLOW_TRACKING_URI}, {@code MLFLOW_TRACKING_USERNAME}, ...) in place of the process's.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Supplier<Map<String, String>> environment) {
        CommandLine cl = new CommandLine(new HandoffCli());
        injectEnvironment(cl, environment);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable t = ex;
            String command = "handoff " + String.join(" ", commandNames(parseResult));
            if (t instanceof CliFailure f) {
                // expected: one line on stderr; the log keeps the cause's stack trace
                log().warn("{} failed: {}", command, f.getMessage(), f);
                commandLine.getErr().println("handoff: " + f.getMessage());
                return f.exitCode();
            }
            log().error("{} failed unexpectedly", command, t);
            commandLine.getErr().println("handoff: " + (t.getMessage() == null ? t.toString() : t.getMessage())
                    + " (stack trace in " + LogLocation.file() + ")");
            return EXIT_FAILURE;
        });
        return cl;
    }

    /**
     * The CLI's logger, looked up only when a command fails: starting Logback costs a few hundred milliseconds, which
     * a command that succeeds (most finish in a second or two) never pays.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(HandoffCli.class);
    }

    /** The subcommand names of a parse, e.g. {@code [runs, list]} (no options or arguments: they may hold secrets). */
    private static List<String> commandNames(CommandLine.ParseResult parseResult) {
        List<String> names = new ArrayList<>();
        for (CommandLine.ParseResult p = parseResult.subcommand(); p != null; p = p.subcommand()) {
            names.add(p.commandSpec().name());
        }
        return names;
    }

    /** Hands {@code environment} to every {@code --store} option, including those inside nested mixins. */
    private static void injectEnvironment(CommandLine cl, Supplier<Map<String, String>> environment) {
        injectEnvironment(cl.getCommandSpec(), environment);
        for (CommandLine sub : cl.getSubcommands().values()) {
            injectEnvironment(sub, environment);
        }
    }

    private static void injectEnvironment(CommandLine.Model.CommandSpec spec, Supplier<Map<String, String>> environment) {
        if (spec.userObject() instanceof StoreOption store) {
            store.environment = environment;
        }
        for (CommandLine.Model.CommandSpec mixin : spec.mixins().values()) {
            injectEnvironment(mixin, environment);
        }
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Version from the jar manifest, else the development version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HandoffCli.class.getPackage().getImplementationVersion();
            return new String[]{"handoff " + (v == null ? "development build" : v)};
        }
    }
}
