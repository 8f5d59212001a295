package dev.handoff.ui;

import dev.handoff.bundle.review.ReviewStore;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.source.rest.RestConfig;
import dev.handoff.ui.review.ReviewPane;
import dev.handoff.ui.task.TaskRunner;
import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The workbench's secondary windows: Connect to tracking server, Export bundle and Review bundle. Each is owned by
 * the main window and follows its stylesheets (a theme switch restyles them too).
 */
final class WorkbenchWindows {
    /** Connects with {@code config}; reports a failure's message to {@code onError}, success to {@code onSuccess}. */
    @FunctionalInterface
    interface Connector {
        void connect(RestConfig config, Consumer<String> onError, Runnable onSuccess);
    }

    private final TaskRunner tasks;
    private final Supplier<Stage> owner;
    private final ObservableList<String> stylesheets;
    /** The workbench's source: Review bundle's Promote writes to it when it is a tracking server. */
    private final Supplier<RunSource> source;
    private ConnectPane connectPane;
    private Stage connectWindow;
    private ReviewPane reviewPane;
    private ExportPane exportPane;

    WorkbenchWindows(TaskRunner tasks, Supplier<Stage> owner, ObservableList<String> stylesheets,
                     Supplier<RunSource> source) {
        this.tasks = tasks;
        this.source = source;
        this.owner = owner;
        this.stylesheets = stylesheets;
    }

    /** Shows the "Connect to tracking server" window; a successful connection clears its secrets and hides it. */
    void showConnect(Connector connector) {
        if (connectWindow == null) {
            connectPane = new ConnectPane(config -> connector.connect(config, connectPane::showError, () -> {
                connectPane.showError(null);
                connectPane.clearSecrets();
                connectWindow.hide();
            }));
            connectWindow = window("Connect to tracking server", connectPane, 640, 360);
        }
        connectWindow.show();
        connectWindow.toFront();
    }

    /**
     * Shows "Export bundle" for {@code run} of {@code source}; by a registered version when {@code refs} name one
     * (opened from the Models view), else of the run itself.
     */
    void showExport(RunSource source, Run run, Path projectFolder, List<ModelRef> refs) {
        exportPane = new ExportPane(tasks, source, run, projectFolder, ReviewStore.userDefault(), refs);
        window("Export bundle — " + (refs.isEmpty() ? run.displayName() : refs.get(0).toString()), exportPane, 720, 560).show();
    }

    /** Shows the bundle review window; opens {@code bundle} in it when not null. */
    void showReview(Path bundle) {
        if (reviewPane == null) {
            reviewPane = new ReviewPane(tasks, Clock.systemUTC(), source);
            window("Review bundle", reviewPane, 1100, 720);
        }
        ((Stage) reviewPane.getScene().getWindow()).show();
        if (bundle != null) {
            reviewPane.open(bundle);
        }
    }

    private Stage window(String title, Parent content, double width, double height) {
        Stage w = new Stage();
        w.setTitle(title);
        Stage main = owner.get();
        if (main != null) {
            w.initOwner(main);
        }
        w.setScene(new Scene(content, width, height));
        Bindings.bindContent(w.getScene().getStylesheets(), stylesheets);
        return w;
    }

    ConnectPane connectPane() {
        return connectPane;
    }

    ExportPane exportPane() {
        return exportPane;
    }

    ReviewPane reviewPane() {
        return reviewPane;
    }
}
