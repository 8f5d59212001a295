package dev.handoff.ui.review;

import dev.handoff.bundle.BundleContents;
import dev.handoff.bundle.BundleVerifier;
import dev.handoff.bundle.VerificationReport;
import dev.handoff.runs.RunSource;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Review of an exported bundle, one tab a feature: Card, Checklist (sign-off), Explanations, Integrity, Drift (once a
 * bundle is open) and Compare.
 * The bundle is read through {@code BundleContents} in the background, latest-only (opening another bundle drops the
 * first one's late result), and never modified; a signed checklist is saved elsewhere.
 */
public final class ReviewPane extends BorderPane {
    private final LatestTask opening;
    private final Label bundleLabel = new Label("No bundle open");
    private final TabPane tabs = new TabPane();
    private final CardTab card = new CardTab();
    private final ChecklistTab checklist;
    private final ExplanationsTab explanations = new ExplanationsTab();
    private final IntegrityTab integrity;
    private final CompareTab compare;
    private final PromoteTab promote;
    private final TaskRunner tasks;
    /** The Drift tab of the open bundle (a new one for each bundle: its profile and model are the bundle's). */
    private DriftTab drift;
    private BundleContents contents;

    public ReviewPane(TaskRunner tasks, Clock clock) {
        this(tasks, clock, () -> null);
    }

    /** @param source the workbench's source: Promote writes to it when it is a tracking server with credentials */
    public ReviewPane(TaskRunner tasks, Clock clock, Supplier<RunSource> source) {
        this.tasks = tasks;
        opening = new LatestTask(tasks);
        checklist = new ChecklistTab(clock);
        integrity = new IntegrityTab(tasks);
        compare = new CompareTab(tasks);
        promote = new PromoteTab(tasks, source, clock, integrity::trustedKey);
        getStyleClass().add("review-pane");
        Button open = new Button("Open bundle…");
        open.setOnAction(e -> chooseBundle(this::open));
        Button compareButton = new Button("Compare with another bundle…");
        compareButton.setId("compareBundle");
        compareButton.setOnAction(e -> chooseBundle(compare::compareWith));
        bundleLabel.setId("bundleLabel");
        bundleLabel.getStyleClass().add("section-header");
        Button promoteButton = new Button("Promote…");
        promoteButton.setId("promoteBundle");
        promoteButton.setOnAction(e -> tabs.getSelectionModel().select(promote.tab()));
        HBox top = new HBox(8, open, compareButton, promoteButton, bundleLabel);
        top.setPadding(new Insets(8));
        setTop(top);

        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getTabs().addAll(card.tab(), checklist.tab(), explanations.tab(), integrity.tab(), compare.tab(), promote.tab());
        tabs.setId("reviewTabs");
        setCenter(tabs);
    }

    /** Reads and verifies {@code bundle} in the background, then shows it; supersedes a bundle still opening. */
    public void open(Path bundle) {
        PublicKey key;
        try {
            key = integrity.trustedKey();
        } catch (IOException e) {
            integrity.showProblem(e.getMessage());
            return;
        }
        bundleLabel.setText("Opening " + bundle + "…");
        opening.submit("Opening bundle " + bundle.getFileName(),
                p -> new Loaded(BundleContents.read(bundle), BundleVerifier.verify(bundle, key)),
                loaded -> show(loaded.contents(), loaded.report()),
                e -> bundleLabel.setText("Could not open " + bundle + ": " + e.getMessage()));
    }

    private record Loaded(BundleContents contents, VerificationReport report) {
    }

    private void show(BundleContents c, VerificationReport r) {
        contents = c;
        bundleLabel.setText(c.name() + " — " + c.path());
        card.show(c.card().orElse(null));
        checklist.show(c.checklist().orElse(null));
        explanations.show(c.explanations());
        integrity.show(c.path(), r);
        compare.show(c);
        promote.show(c.path(), c.registry().orElse(null));
        showDrift(c.path());
    }

    private void showDrift(Path bundle) {
        int at = tabs.getTabs().indexOf(compare.tab());
        if (drift != null) {
            drift.cancel(); // a comparison with the last bundle's profile is dropped
            tabs.getTabs().remove(drift.tab());
        }
        drift = new DriftTab(bundle, tasks);
        tabs.getTabs().add(at, drift.tab());
    }

    private void chooseBundle(Consumer<Path> action) {
        Window w = Controls.window(this);
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a bundle .zip (Cancel to pick a bundle folder)");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Bundle zip", "*.zip"));
        File f = chooser.showOpenDialog(w);
        if (f == null) {
            DirectoryChooser dirs = new DirectoryChooser();
            dirs.setTitle("Open a bundle folder");
            f = dirs.showDialog(w);
        }
        if (f != null) {
            action.accept(f.toPath());
        }
    }

    /** Reads {@code other} in the background and shows its differences to the open bundle (Compare tab). */
    void compareWith(Path other) {
        compare.compareWith(other);
    }

    /** Verifies the open bundle again (Integrity tab). */
    void verify() {
        integrity.verify();
    }

    TabPane tabs() {
        return tabs;
    }

    BundleContents contents() {
        return contents;
    }

    ChecklistTab checklistTab() {
        return checklist;
    }

    VerificationReport report() {
        return integrity.report();
    }

    /** The open bundle's Drift tab, or null before a bundle is open. */
    DriftTab driftTab() {
        return drift;
    }

    PromoteTab promoteTab() {
        return promote;
    }

    CompareTab compareTab() {
        return compare;
    }

    String integrityText() {
        return integrity.text();
    }
}
