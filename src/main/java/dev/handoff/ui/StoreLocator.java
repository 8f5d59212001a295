package dev.handoff.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Decides which store the workbench opens at start: the first program argument, else system property
 * {@code handoff.store}, else the last source used, else the bundled sample project {@code sample-projects/credit-risk}
 * in the working directory or under system property {@code handoff.home}.
 */
public final class StoreLocator {
    static final String SAMPLE = "sample-projects/credit-risk";

    private StoreLocator() {
    }

    public static Optional<String> locate(List<String> args, String storeProperty, String lastSource,
                                          Path workingDir, String homeProperty) {
        if (!args.isEmpty() && !args.get(0).isBlank()) {
            return Optional.of(args.get(0));
        }
        if (storeProperty != null && !storeProperty.isBlank()) {
            return Optional.of(storeProperty);
        }
        if (lastSource != null && !lastSource.isBlank()) {
            return Optional.of(lastSource);
        }
        Path local = workingDir.resolve(SAMPLE);
        if (Files.isDirectory(local)) {
            return Optional.of(local.toString());
        }
        if (homeProperty != null && !homeProperty.isBlank()) {
            Path home = Path.of(homeProperty).resolve(SAMPLE);
            if (Files.isDirectory(home)) {
                return Optional.of(home.toString());
            }
        }
        return Optional.empty();
    }
}
