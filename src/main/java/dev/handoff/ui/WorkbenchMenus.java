package dev.handoff.ui;

import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;

/** The workbench's menu bar (File, Runs, View) and its accelerators; every item calls one workbench action. */
final class WorkbenchMenus {
    private WorkbenchMenus() {
    }

    static MenuBar create(Workbench wb, WorkbenchExports exports, CheckMenuItem darkTheme) {
        Menu file = new Menu("File", null,
                item("Open folder…", "Shortcut+O", wb::chooseFolder),
                item("Open mlflow.db…", null, wb::chooseDatabase),
                item("Connect to tracking server…", "Shortcut+Shift+O", wb::showConnectDialog),
                item("Reload", "Shortcut+R", wb::reload),
                new SeparatorMenuItem(),
                item("Export chart (PNG/SVG)…", "Shortcut+E", exports::chooseChartExport),
                item("Export runs table (CSV)…", null, exports::chooseRunsCsv),
                item("Export comparison (CSV)…", null, exports::chooseComparisonCsv),
                item("Export report (HTML)…", null, exports::chooseReport),
                new SeparatorMenuItem(),
                item("Save view…", "Shortcut+S", wb.savedViews::chooseSave),
                item("Save view as file…", null, wb.savedViews::chooseSaveToFile),
                item("Open view…", null, wb.savedViews::chooseOpen),
                new SeparatorMenuItem(),
                item("Export bundle…", null, wb::showExportDialog),
                item("Review bundle…", null, () -> wb.showReview(null)),
                new SeparatorMenuItem(),
                item("Quit", "Shortcut+Q", wb::quit));
        Menu runs = new Menu("Runs", null,
                item("Filter runs", "Shortcut+F", wb::focusFilter),
                item("Compare selected", "Shortcut+D", wb::compareSelected),
                // "Esc" is KeyCode.ESCAPE's name; "Escape" would parse as a character combination no key press matches
                item("Cancel background tasks", "Esc", wb::cancelAll));
        darkTheme.setOnAction(e -> wb.setDark(darkTheme.isSelected()));
        Menu view = new Menu("View", null, darkTheme, wb.savedViews.savedViewsMenu());
        return new MenuBar(file, runs, view);
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }
}
