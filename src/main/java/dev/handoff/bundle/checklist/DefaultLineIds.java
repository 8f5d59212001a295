package dev.handoff.bundle.checklist;

import java.util.List;

/**
 * The line ids of the bundled default checklist ({@link ChecklistIo#loadDefault()}). Sections A–E are deon's: each id
 * means exactly what it means in the {@code checklist.yml} that deon {@value #DEON_VERSION} packages (its
 * {@code line_summary} is deon's, word for word). Lines of our own carry ids in section {@value #OWN_SECTION_ID},
 * outside deon's {@code A.n}–{@code E.n} namespace, so they can never be mistaken for one of deon's.
 */
public final class DefaultLineIds {
    /** The deon release (PyPI) whose packaged checklist the default's A–E ids follow. */
    public static final String DEON_VERSION = "0.3.0";
    /** The section holding our own lines. */
    public static final String OWN_SECTION_ID = "HW";

    /** deon A.1 Informed consent. */
    public static final String INFORMED_CONSENT = "A.1";
    /** deon A.2 Collection bias. */
    public static final String COLLECTION_BIAS = "A.2";
    /** deon A.3 Limit PII exposure. */
    public static final String LIMIT_PII_EXPOSURE = "A.3";
    /** deon A.4 Downstream bias mitigation. */
    public static final String DOWNSTREAM_BIAS_MITIGATION = "A.4";
    /** deon B.1 Data security. */
    public static final String DATA_SECURITY = "B.1";
    /** deon B.2 Right to be forgotten. */
    public static final String RIGHT_TO_BE_FORGOTTEN = "B.2";
    /** deon B.3 Data retention plan. */
    public static final String DATA_RETENTION_PLAN = "B.3";
    /** deon C.1 Missing perspectives. */
    public static final String MISSING_PERSPECTIVES = "C.1";
    /** deon C.2 Dataset bias. */
    public static final String DATASET_BIAS = "C.2";
    /** deon C.3 Honest representation. */
    public static final String HONEST_REPRESENTATION = "C.3";
    /** deon C.4 Privacy in analysis. */
    public static final String PRIVACY_IN_ANALYSIS = "C.4";
    /** deon C.5 Auditability. */
    public static final String AUDITABILITY = "C.5";
    /** deon D.1 Proxy discrimination. */
    public static final String PROXY_DISCRIMINATION = "D.1";
    /** deon D.2 Fairness across groups. */
    public static final String FAIRNESS_ACROSS_GROUPS = "D.2";
    /** deon D.3 Metric selection. */
    public static final String METRIC_SELECTION = "D.3";
    /** deon D.4 Explainability. */
    public static final String EXPLAINABILITY = "D.4";
    /** deon D.5 Communicate bias. */
    public static final String COMMUNICATE_BIAS = "D.5";
    /** deon E.1 Redress. */
    public static final String REDRESS = "E.1";
    /** deon E.2 Roll back. */
    public static final String ROLL_BACK = "E.2";
    /** deon E.3 Concept drift: the line a drift monitoring plan signs off. */
    public static final String CONCEPT_DRIFT = "E.3";
    /** deon E.4 Unintended use. */
    public static final String UNINTENDED_USE = "E.4";

    /** Ours: production monitoring (input / prediction drift, per-group performance, owners, thresholds). */
    public static final String PRODUCTION_MONITORING_PLAN = OWN_SECTION_ID + ".1";

    /**
     * Ours: the reason-code table's declared monotone directions hold ({@code explanations/monotonicity.json} is its
     * evidence). Not required by default; a team that treats monotonicity as a blocking constraint marks it
     * {@code required: true} in its checklist.
     */
    public static final String MONOTONIC_CONSTRAINTS = OWN_SECTION_ID + ".2";

    /** deon's ids in its document order. */
    public static final List<String> DEON = List.of(INFORMED_CONSENT, COLLECTION_BIAS, LIMIT_PII_EXPOSURE,
            DOWNSTREAM_BIAS_MITIGATION, DATA_SECURITY, RIGHT_TO_BE_FORGOTTEN, DATA_RETENTION_PLAN, MISSING_PERSPECTIVES,
            DATASET_BIAS, HONEST_REPRESENTATION, PRIVACY_IN_ANALYSIS, AUDITABILITY, PROXY_DISCRIMINATION,
            FAIRNESS_ACROSS_GROUPS, METRIC_SELECTION, EXPLAINABILITY, COMMUNICATE_BIAS, REDRESS, ROLL_BACK,
            CONCEPT_DRIFT, UNINTENDED_USE);
    /** Our own ids, in document order after deon's. */
    public static final List<String> OWN = List.of(PRODUCTION_MONITORING_PLAN, MONOTONIC_CONSTRAINTS);

    private DefaultLineIds() {
    }
}
