package dev.handoff.ui.review;

import dev.handoff.bundle.BundleVerifier;
import dev.handoff.bundle.VerificationReport;
import dev.handoff.bundle.manifest.EcKeys;
import dev.handoff.ui.style.Css;
import dev.handoff.ui.task.LatestTask;
import dev.handoff.ui.task.TaskRunner;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Locale;

/**
 * The Integrity tab: the verification report of the open bundle (manifest digests and signature), and verifying it
 * again with a trusted public key. Verification runs latest-only: a new bundle or a second click drops the old result.
 */
final class IntegrityTab {
    private final LatestTask verification;
    private final Label status = new Label("Not verified");
    private final ListView<String> list = new ListView<>();
    private final TextField trustedKey = new TextField();
    private final Button verify = new Button("Verify again");
    private final Tab tab;
    private Path bundle;
    private VerificationReport report;

    IntegrityTab(TaskRunner tasks) {
        verification = new LatestTask(tasks);
        status.setId("integrityStatus");
        status.getStyleClass().add("integrity-status");
        list.setId("integrityList");
        trustedKey.setId("trustedKey");
        trustedKey.setPromptText("optional trusted public key (NAME.pub) to check the signature");
        Button browse = new Button("…");
        browse.setOnAction(e -> chooseKey());
        verify.setId("verifyButton");
        verify.setOnAction(e -> verify());
        verify.setDisable(true);
        HBox keyRow = new HBox(6, new Label("Trusted key"), trustedKey, browse, verify);
        HBox.setHgrow(trustedKey, Priority.ALWAYS);
        VBox box = new VBox(8, status, keyRow, list);
        VBox.setVgrow(list, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        tab = new Tab("Integrity", box);
    }

    Tab tab() {
        return tab;
    }

    private void chooseKey() {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Public key", "*.pub", "*.pem"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File f = chooser.showOpenDialog(Controls.window(list));
        if (f != null) {
            trustedKey.setText(f.getAbsolutePath());
        }
    }

    /** The trusted key the form names, or null when it names none. */
    PublicKey trustedKey() throws IOException {
        String text = trustedKey.getText();
        return text == null || text.isBlank() ? null : EcKeys.readPublicKey(Path.of(text.trim()));
    }

    /** Shows {@code r} as the report of {@code path}, dropping any verification still running for an earlier one. */
    void show(Path path, VerificationReport r) {
        verification.cancel();
        bundle = path;
        verify.setDisable(false);
        showReport(r);
    }

    /** Reports a problem (an unreadable key, say) in place of a verification result. */
    void showProblem(String message) {
        status.setText(message);
        Css.outcome(status, false);
    }

    /** Verifies the open bundle again, with the trusted key when one is given. */
    void verify() {
        if (bundle == null) {
            return;
        }
        Path path = bundle;
        PublicKey key;
        try {
            key = trustedKey();
        } catch (IOException e) {
            showProblem(e.getMessage());
            return;
        }
        verification.submit("Verifying " + path.getFileName(), p -> BundleVerifier.verify(path, key), this::showReport,
                e -> showProblem("Could not verify " + path + ": " + e.getMessage()));
    }

    private void showReport(VerificationReport r) {
        report = r;
        String signature = r.signature().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        status.setText((r.intact() ? "✔ Intact" : "✘ NOT intact") + " — signature " + signature);
        Css.outcome(status, r.intact());
        list.getItems().setAll(r.describe());
    }

    VerificationReport report() {
        return report;
    }

    String text() {
        return status.getText();
    }
}
