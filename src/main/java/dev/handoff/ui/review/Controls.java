package dev.handoff.ui.review;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TreeTableColumn;
import javafx.stage.Window;

import java.util.function.Function;

/** Small control factories the review tabs share: text columns, section headers, the owner window of a node. */
final class Controls {
    private Controls() {
    }

    static <T> TableColumn<T, String> column(String title, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    static TreeTableColumn<Object, String> treeColumn(String title, double width, Function<Object, String> value) {
        TreeTableColumn<Object, String> c = new TreeTableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().getValue() == null ? ""
                : value.apply(d.getValue().getValue())));
        return c;
    }

    static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-header");
        return l;
    }

    /** The window {@code node} is shown in, or null before it is (a chooser then has no owner). */
    static Window window(Node node) {
        return node.getScene() == null ? null : node.getScene().getWindow();
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
