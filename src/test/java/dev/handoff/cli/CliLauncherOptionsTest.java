package dev.handoff.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both `handoff` launchers (checkout script, app-image) start the CLI with the JVM options of one file. */
class CliLauncherOptionsTest {
    private static final Path REPO = Path.of(System.getProperty("handoff.repo", "."));

    @Test
    void appImageLauncherAndCheckoutScriptUseTheSharedOptions() throws Exception {
        List<String> options = Arrays.asList(Files.readString(REPO.resolve("packaging/cli-java-options")).strip()
                .split("\\s+"));
        assertFalse(options.isEmpty());
        String javaOptions = Files.readAllLines(REPO.resolve("packaging/jpackage/handoff-cli.properties")).stream()
                .filter(l -> l.startsWith("java-options=")).findFirst().orElseThrow()
                .substring("java-options=".length());
        List<String> appImage = Arrays.asList(javaOptions.strip().split("\\s+"));
        assertEquals(options, appImage.subList(appImage.size() - options.size(), appImage.size()),
                "handoff-cli.properties must end with the options of packaging/cli-java-options");
        String script = Files.readString(REPO.resolve("packaging/bin/handoff"));
        assertTrue(script.contains("packaging/cli-java-options") && script.contains("\"${quick[@]}\""),
                "packaging/bin/handoff must start java with packaging/cli-java-options");
    }
}
