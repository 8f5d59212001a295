package dev.handoff.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Test bridge to {@link StoreLocator} from other test packages. */
public final class StoreLocatorAccess {
    private StoreLocatorAccess() {
    }

    public static Optional<String> locate(List<String> args, String prop, String last, Path wd, String home) {
        return StoreLocator.locate(args, prop, last, wd, home);
    }
}
