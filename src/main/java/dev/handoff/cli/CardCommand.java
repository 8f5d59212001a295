package dev.handoff.cli;

import dev.handoff.bundle.card.ModelCard;
import dev.handoff.bundle.card.ModelCardJson;
import dev.handoff.bundle.card.ModelCardRenderer;
import dev.handoff.bundle.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code handoff card render}. */
@Command(name = "card", mixinStandardHelpOptions = true, description = "Model cards.", subcommands = CardCommand.Render.class)
final class CardCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose 'card render'");
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = "Renders a Model Card Toolkit JSON card to Markdown (Hugging Face front matter) or HTML.")
    static final class Render implements Callable<Integer> {
        @Parameters(paramLabel = "CARD.json")
        Path card;
        @Option(names = "--format", defaultValue = "md", paramLabel = "md|html", description = "Output format (default: ${DEFAULT-VALUE}).")
        String format;
        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write here (atomically) instead of stdout.")
        Path out;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ModelCard c;
            try {
                c = ModelCardJson.read(card);
            } catch (IOException e) {
                throw new CliFailure(e.getMessage(), e);
            }
            ModelCardRenderer renderer = ModelCardRenderer.tabularClassification("tribuo/model.tribuo", null);
            String text = switch (format.toLowerCase(Locale.ROOT)) {
                case "md", "markdown" -> renderer.markdown(c);
                case "html" -> renderer.html(c);
                default -> throw new CliFailure("--format must be md or html, got '" + format + "'", 2);
            };
            if (out == null) {
                spec.commandLine().getOut().print(text);
                spec.commandLine().getOut().flush();
            } else {
                try {
                    AtomicFiles.writeString(out, text);
                } catch (IOException e) {
                    throw new CliFailure(out + ": cannot write: " + e.getMessage(), e);
                }
            }
            return 0;
        }
    }
}
