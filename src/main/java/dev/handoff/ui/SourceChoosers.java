package dev.handoff.ui;

import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.util.Optional;

/** The dialogs that pick a local store: an mlruns (or project) folder, or an MLflow SQLite database. */
final class SourceChoosers {
    private SourceChoosers() {
    }

    /** Asks for an mlruns folder or a project folder; its absolute path, or empty when cancelled. */
    static Optional<String> folder(Window owner) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open an mlruns folder or a project folder");
        return path(chooser.showDialog(owner));
    }

    /** Asks for an MLflow SQLite store; its absolute path, or empty when cancelled. */
    static Optional<String> database(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open an MLflow SQLite store");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("MLflow database", "*.db", "*.sqlite"),
                new FileChooser.ExtensionFilter("All files", "*"));
        return path(chooser.showOpenDialog(owner));
    }

    private static Optional<String> path(File f) {
        return f == null ? Optional.empty() : Optional.of(f.getAbsolutePath());
    }
}
