package dev.handoff.ui.status;

import dev.handoff.logging.LogLocation;
import dev.handoff.logging.Secrets;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.control.Alert;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * A status line: {@link #showInfo an information message}, or {@link #showFailure a failure} whose message (or its
 * "Details…" link) opens a dialog with the summary, every cause's class and message, the stack trace and the log
 * file's path. Everything shown passes {@link Secrets#mask}. Use from the FX thread.
 */
public final class StatusBar extends HBox {
    private static final PseudoClass FAILURE = PseudoClass.getPseudoClass("failure");

    private final Label message = new Label();
    private final Hyperlink details = new Hyperlink("Details…");
    private final Path logFile;
    private String summary;
    private Throwable cause;

    /** A status bar whose failure details name this process's log file ({@link LogLocation#file()}). */
    public StatusBar() {
        this(LogLocation.file());
    }

    /** A status bar whose failure details name {@code logFile}. */
    public StatusBar(Path logFile) {
        this.logFile = Objects.requireNonNull(logFile, "logFile");
        getStyleClass().add("handoff-status-bar");
        setId("statusBar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(8);
        setPadding(new Insets(2, 8, 2, 8));
        setMinHeight(24);
        message.setId("statusMessage");
        message.getStyleClass().add("status-message");
        message.setTextOverrun(OverrunStyle.ELLIPSIS);
        message.setMaxWidth(Double.MAX_VALUE);
        message.setMinWidth(0);
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setOnMouseClicked(e -> {
            if (cause != null) {
                openDetails();
            }
        });
        details.setId("statusDetails");
        details.setFocusTraversable(false);
        details.setOnAction(e -> openDetails());
        getChildren().addAll(message, details);
        showInfo("Ready");
    }

    /** Shows {@code text} as a plain message; a failure shown before is forgotten. */
    public void showInfo(String text) {
        summary = null;
        cause = null;
        message.setText(Secrets.mask(text == null ? "" : text));
        message.setTooltip(null);
        message.setCursor(Cursor.DEFAULT);
        message.pseudoClassStateChanged(FAILURE, false);
        details.setVisible(false);
        details.setManaged(false);
    }

    /**
     * Shows a failure as {@code summary: cause's message}; clicking it or "Details…" opens {@link #openDetails()}.
     *
     * @param cause what failed, or null for a failure with no exception (then there are no details to show)
     */
    public void showFailure(String summary, Throwable cause) {
        if (cause == null) {
            showInfo(summary);
            return;
        }
        this.summary = summary == null || summary.isBlank() ? "Failed" : summary;
        this.cause = cause;
        String shown = Secrets.mask(this.summary + ": " + describe(cause));
        message.setText(shown);
        message.setTooltip(new Tooltip(shown + "\n(click for details)"));
        message.setCursor(Cursor.HAND);
        message.pseudoClassStateChanged(FAILURE, true);
        details.setVisible(true);
        details.setManaged(true);
    }

    /** The text the status bar shows. */
    public String message() {
        return message.getText();
    }

    /** Whether a failure is shown (and its details can be opened). */
    public boolean isShowingFailure() {
        return cause != null;
    }

    /** The log file the failure details name. */
    public Path logFile() {
        return logFile;
    }

    /**
     * Opens (without waiting for it) the details dialog of the failure shown: the summary as its header, the cause
     * chain as its content, the stack trace as its expandable content. Returns the dialog, or null when no failure is
     * shown.
     */
    public Alert openDetails() {
        if (cause == null) {
            return null;
        }
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.setTitle("Failure details");
        alert.setHeaderText(Secrets.mask(summary));
        alert.setResizable(true);
        Window owner = getScene() == null ? null : getScene().getWindow();
        if (owner != null) {
            alert.initOwner(owner);
        }

        TextArea chain = text("failureCauses", causeChain(cause));
        chain.setWrapText(true); // a long URL or message stays readable without scrolling sideways
        chain.setPrefRowCount((int) Math.min(8, chain.getText().lines().count() + 2));
        Label log = new Label("Log file: " + logFile);
        log.setId("failureLogFile");
        log.setWrapText(true);
        VBox content = new VBox(6, new Label("Cause chain:"), chain, log);
        content.setPrefWidth(640);
        VBox.setVgrow(chain, Priority.ALWAYS);
        alert.getDialogPane().setContent(content);

        TextArea trace = text("failureStackTrace", stackTrace(cause));
        trace.setPrefRowCount(16);
        VBox expandable = new VBox(6, new Label("Stack trace:"), trace);
        VBox.setVgrow(trace, Priority.ALWAYS);
        alert.getDialogPane().setExpandableContent(expandable);
        alert.show();
        return alert;
    }

    private static TextArea text(String id, String value) {
        TextArea area = new TextArea(value);
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(false);
        area.setMaxWidth(Double.MAX_VALUE);
        area.setMaxHeight(Double.MAX_VALUE);
        return area;
    }

    /**
     * Every throwable of the chain, outermost first, one per line as {@code ClassName: message} (a cause is indented
     * under "caused by"), masked. A cycle in the chain ends it.
     */
    public static String causeChain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (c != t) {
                sb.append("\ncaused by ");
            }
            sb.append(c.getClass().getName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return Secrets.mask(sb.toString());
    }

    /** The full stack trace, causes and suppressed exceptions included, masked. */
    public static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return Secrets.mask(w.toString());
    }

    /** The message a user reads: the throwable's message, or its simple class name when it has none. */
    private static String describe(Throwable t) {
        return t.getMessage() != null && !t.getMessage().isBlank() ? t.getMessage() : t.getClass().getSimpleName();
    }
}
