package dev.handoff.ui.style;

import javafx.css.PseudoClass;
import javafx.scene.Node;

/**
 * Style classes and pseudo-classes the workbench's style sheets ({@code workbench.css}, {@code dark.css}) colour:
 * views set states, the sheets decide colours, so light and dark themes both apply and no view sets inline colours.
 */
public final class Css {
    /** Text of a failure (red in the light theme, light red in the dark one). */
    public static final String ERROR_TEXT = "error-label";
    /** Text of a success. */
    public static final String OK_TEXT = "ok-label";
    /** A bold heading of a box. */
    public static final String SECTION_HEADER = "section-header";

    /** A principal reason whose feature has no entry in the reason-code table (a warning). */
    public static final String REASON_UNMAPPED = "reason-unmapped";

    /** A monotonicity verdict whose declared direction is violated. */
    public static final String MONOTONE_VIOLATED = "monotone-violated";
    /** A monotonicity verdict whose declared direction holds. */
    public static final String MONOTONE_HOLDS = "monotone-holds";

    /** A table row of a misclassified example. */
    public static final PseudoClass MISCLASSIFIED = PseudoClass.getPseudoClass("misclassified");
    /** A table row of a required checklist line still outstanding. */
    public static final PseudoClass OUTSTANDING = PseudoClass.getPseudoClass("outstanding");
    /** A cohort (table row, error-tree cell) whose error-rate interval lies above the overall one. */
    public static final PseudoClass WORSE_COHORT = PseudoClass.getPseudoClass("worse-cohort");
    /** A table row whose cells differ (a style class, shared with the compare view). */
    public static final String DIFFERS = "differs";

    private Css() {
    }

    /** Marks {@code node} as a success ({@code ok}) or a failure, replacing whichever it had. */
    public static void outcome(Node node, boolean ok) {
        node.getStyleClass().removeAll(ERROR_TEXT, OK_TEXT);
        node.getStyleClass().add(ok ? OK_TEXT : ERROR_TEXT);
    }

    /** Removes a success/failure mark. */
    public static void neutral(Node node) {
        node.getStyleClass().removeAll(ERROR_TEXT, OK_TEXT);
    }

    /** Adds the style class once. */
    public static void add(Node node, String styleClass) {
        if (!node.getStyleClass().contains(styleClass)) {
            node.getStyleClass().add(styleClass);
        }
    }
}
