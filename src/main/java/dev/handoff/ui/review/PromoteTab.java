package dev.handoff.ui.review;

import dev.handoff.bundle.Promotion;
import dev.handoff.bundle.RegistryProvenance;
import dev.handoff.runs.ModelRef;
import dev.handoff.runs.RegistryWrites;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import dev.handoff.ui.style.Css;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Promote tab of Review bundle: promotes a registered model version to an alias on the tracking server the
 * workbench is connected to, through {@link Promotion} exactly as {@code handoff promote} does. The gate runs in the
 * background; a refusal lists the outstanding lines; a pass asks for confirmation in a dialog that states every write
 * (the alias change and the tags) before anything is written, and afterwards the tab says what was changed.
 */
final class PromoteTab {
    /** Where the writes go: the tracking server of a source (Promotion::writerFor; a fake in tests). */
    @FunctionalInterface
    interface Writers {
        RegistryWrites writerFor(RunSource source) throws SourceException;
    }

    /** The trusted key the Integrity tab names (null: integrity only). */
    @FunctionalInterface
    interface TrustedKey {
        PublicKey get() throws java.io.IOException;
    }

    private final LatestTask promoting;
    /** The writes of a confirmed promotion: never cancelled by another bundle, so what was written is always shown. */
    private final LatestTask writing;
    private final Supplier<RunSource> source;
    private final Clock clock;
    private final TrustedKey trustedKey;
    private final TextField model = new TextField();
    private final TextField alias = new TextField("champion");
    private final Button promote = new Button("Promote…");
    private final Label server = new Label();
    private final Label status = new Label("Open a bundle to promote the registered version of its model");
    private final ListView<String> lines = new ListView<>();
    private final Tab tab;
    private Writers writers = Promotion::writerFor;
    private Path bundle;
    private Alert confirmation;
    private String prefilled;
    private String prefilledAlias;

    PromoteTab(TaskRunner tasks, Supplier<RunSource> source, Clock clock, TrustedKey trustedKey) {
        this.promoting = new LatestTask(tasks);
        this.writing = new LatestTask(tasks);
        this.source = source;
        this.clock = clock;
        this.trustedKey = trustedKey;
        model.setId("promoteModel");
        model.setPromptText("NAME/VERSION, e.g. credit-risk/3");
        alias.setId("promoteAlias");
        promote.setId("promoteButton");
        promote.setDisable(true);
        promote.setOnAction(e -> check());
        promoting.runningProperty().addListener((o, was, running) -> promote.setDisable(busy() || bundle == null));
        writing.runningProperty().addListener((o, was, running) -> promote.setDisable(busy() || bundle == null));
        server.setId("promoteServer");
        server.setWrapText(true);
        status.setId("promoteStatus");
        status.setWrapText(true);
        lines.setId("promoteLines");
        HBox form = new HBox(6, new Label("Version"), model, new Label("Alias @"), alias, promote);
        form.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(model, Priority.ALWAYS);
        Label about = new Label("Checks the bundle against the governance gate (verified, every required checklist line "
                + "signed off, sign-offs approving this model, the version's model file equal to the bundle's), then, "
                + "once you confirm, sets the alias and the handoff.* version tags. Nothing else is written.");
        about.setWrapText(true);
        VBox box = new VBox(8, Controls.header("Promote a registered model version"), about, server, form, status, lines);
        VBox.setVgrow(lines, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        tab = new Tab("Promote", box);
        tab.setId("promoteTab");
        tab.setOnSelectionChanged(e -> showServer());
    }

    Tab tab() {
        return tab;
    }

    /** The bundle the gate checks (a new one drops a check still running), without registry provenance. */
    void show(Path path) {
        show(path, null);
    }

    /**
     * The bundle the gate checks (a new one drops a check still running). When the bundle was exported from the
     * registry ({@code provenance/registry.json} names a registered model version), the form is prefilled with that
     * NAME/VERSION and the alias it was exported by; otherwise a prefill left from the last bundle is cleared.
     */
    void show(Path path, RegistryProvenance registry) {
        promoting.cancel();
        bundle = path;
        promote.setDisable(busy() || path == null);
        ModelRef from = registry == null ? null : registry.versionRef();
        if (from != null) {
            prefilled = from.toString();
            model.setText(prefilled);
            if (registry.alias() != null && !registry.alias().isBlank()) {
                prefilledAlias = registry.alias();
                alias.setText(prefilledAlias);
            } else if (prefilledAlias != null && prefilledAlias.equals(alias.getText())) {
                alias.setText("champion");
            }
            report("Prefilled from the bundle's " + RegistryProvenance.FILE + ": exported from " + prefilled
                    + (registry.alias() != null ? " (found by @" + registry.alias() + ")" : "")
                    + ". Check the alias to set, then Promote…", null, List.of());
        } else {
            if (prefilled != null && prefilled.equals(model.getText())) {
                model.clear();
            }
            if (prefilledAlias != null && prefilledAlias.equals(alias.getText())) {
                alias.setText("champion");
            }
            report("Enter the version to promote and the alias, then Promote…", null, List.of());
        }
        showServer();
    }

    private void showServer() {
        RunSource s = source.get();
        server.setText(s == null ? "Not connected: Promote writes to the tracking server the workbench is connected to "
                + "(File > Connect to tracking server…, with credentials)." : "Writes to: " + s.describe());
    }

    /** Validates the form, then runs the gate in the background. */
    void check() {
        RunSource s = source.get();
        ModelRef ref;
        RegistryWrites writer;
        try {
            ref = ModelRef.parse(model.getText());
            if (s == null) {
                throw new IllegalArgumentException("connect to the tracking server first (File > Connect to tracking "
                        + "server…): promotion writes there, with your credentials");
            }
            writer = writers.writerFor(s);
        } catch (IllegalArgumentException | SourceException e) {
            report(e.getMessage(), false, List.of());
            return;
        }
        String to = alias.getText() == null ? "" : alias.getText().trim();
        Path checked = bundle;
        PublicKey key;
        try {
            key = trustedKey.get(); // the form's key, read here on the FX thread
        } catch (java.io.IOException e) {
            report("Trusted key: " + e.getMessage() + " (nothing was changed)", false, List.of());
            return;
        }
        report("Checking the governance gate for " + ref + " → @" + to + "…", null, List.of());
        promoting.submit("Checking promotion of " + ref, p -> Promotion.plan(s, ref, to, checked, key,
                        "model/model.tribuo", clock),
                plan -> planned(plan, writer), e -> report("Could not check the promotion: " + e.getMessage()
                        + " (nothing was changed)", false, List.of()));
    }

    private void planned(Promotion.Plan plan, RegistryWrites writer) {
        if (!plan.allowed()) {
            List<String> out = new ArrayList<>();
            plan.gate().outstanding().forEach(l -> out.add("• " + l));
            report("Refused: promotion of " + plan.target() + " to @" + plan.alias() + " has "
                    + plan.gate().outstanding().size() + " outstanding — nothing was changed", false, out);
            return;
        }
        report("The gate passed: confirm the promotion of " + plan.target() + " to @" + plan.alias(), null, plan.changes());
        confirm(plan, writer);
    }

    /** Asks for confirmation, stating every write; nothing is written unless Promote is chosen. */
    private void confirm(Promotion.Plan plan, RegistryWrites writer) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(Controls.window(lines));
        alert.setTitle("Promote " + plan.target());
        alert.setHeaderText("Promote " + plan.target() + " to @" + plan.alias() + " on " + writer.describe() + "?");
        List<String> text = new ArrayList<>();
        text.add("This changes exactly:");
        text.add("  • " + plan.aliasChange());
        plan.tags().forEach((k, v) -> text.add("  • version " + plan.version().version() + " tag " + k + " = " + v));
        text.add("");
        text.add("Nothing else is written. '" + "handoff promote --rollback --model " + plan.version().name()
                + " --alias " + plan.alias() + "' points the alias back.");
        TextArea changes = new TextArea(String.join("\n", text));
        changes.setId("promoteChanges");
        changes.setEditable(false);
        changes.setWrapText(true);
        changes.setPrefRowCount(text.size() + 3);
        alert.getDialogPane().setContent(changes);
        alert.getDialogPane().setPrefWidth(720);
        if (lines.getScene() != null) {
            alert.getDialogPane().getStylesheets().setAll(lines.getScene().getStylesheets());
        }
        ButtonType yes = new ButtonType("Promote", ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(yes, ButtonType.CANCEL);
        alert.getDialogPane().lookupButton(yes).setId("confirmPromote");
        alert.getDialogPane().lookupButton(ButtonType.CANCEL).setId("cancelPromote");
        alert.setOnHidden(e -> {
            confirmation = null;
            if (alert.getResult() == yes) {
                apply(plan, writer);
            } else {
                report("Not promoted: cancelled at confirmation — nothing was changed", null, List.of());
            }
        });
        confirmation = alert;
        alert.show();
    }

    private void apply(Promotion.Plan plan, RegistryWrites writer) {
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        report("Promoting " + plan.target() + " to @" + plan.alias() + "…", null, List.of());
        writing.submit("Promoting " + plan.target(), p -> {
            Promotion.apply(plan, writer, done::add);
            return List.copyOf(done);
        }, written -> report("Promoted " + plan.target() + " to @" + plan.alias() + " on " + writer.describe()
                + ". Changed:", true, written), e -> {
            List<String> made = List.copyOf(done);
            report("Promotion failed after " + made.size() + " of " + plan.changes().size() + " writes: " + e.getMessage()
                    + (made.isEmpty() ? " (nothing was changed)" : " — these were made:"), false, made);
        });
    }

    private boolean busy() {
        return promoting.isRunning() || writing.isRunning();
    }

    private void report(String text, Boolean ok, List<String> list) {
        status.setText(text);
        if (ok == null) {
            Css.neutral(status);
        } else {
            Css.outcome(status, ok);
        }
        lines.getItems().setAll(list);
    }

    // --- for tests
    void useWriters(Writers w) {
        writers = w;
    }

    TextField modelField() {
        return model;
    }

    TextField aliasField() {
        return alias;
    }

    String statusText() {
        return status.getText();
    }

    List<String> lines() {
        return lines.getItems();
    }

    Alert confirmation() {
        return confirmation;
    }
}
