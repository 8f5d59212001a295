package dev.handoff.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs {@code handoff} in-process, as the launcher would, keeping what the last command printed to out and err. */
abstract class CliTestBase {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Runs the command with an empty environment; its output replaces the previous command's. */
    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return HandoffCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), Map::of).execute(args);
    }
}
