package dev.handoff.ui;

import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Shared TestFX helpers: run on the FX thread, wait for a condition, and save a snapshot PNG to look at. */
public final class FxTesting {
    private FxTesting() {
    }

    /** A condition that may throw while the UI is still settling. */
    public interface Check {
        boolean ok() throws Exception;
    }

    /** Runs {@code c} on the FX thread and returns its result (10 s at most). */
    public static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    /** Waits up to 30 s for {@code check} to hold, then for pending FX events. */
    public static void waitUntil(Check check) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            try {
                return check.ok();
            } catch (Exception e) {
                return false;
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Clicks the node {@code query} finds once it is visible and enabled (a button is disabled while a background
     * job runs; on a loaded machine that lasts longer, and a click on a disabled button does nothing).
     */
    public static org.testfx.api.FxRobotInterface clickWhenEnabled(org.testfx.api.FxRobot robot, String query)
            throws Exception {
        waitUntil(() -> fx(() -> {
            javafx.scene.Node n = robot.lookup(query).query();
            return n != null && n.isVisible() && !n.isDisabled();
        }));
        return robot.clickOn(query);
    }

    /** Writes the stage's scene to {@code target/snapshots/<name>.png}. */
    public static void snapshot(Stage stage, String name) throws Exception {
        snapshot(stage.getScene(), name);
    }

    /** Writes {@code scene} to {@code target/snapshots/<name>.png}. */
    public static void snapshot(Scene scene, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = fx(() -> scene.snapshot(null));
        Path dir = Path.of("target", "snapshots");
        Files.createDirectories(dir);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", dir.resolve(name + ".png").toFile());
    }
}
