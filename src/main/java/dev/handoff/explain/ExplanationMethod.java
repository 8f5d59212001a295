package dev.handoff.explain;

/** How an {@link Attribution} was computed. */
public enum ExplanationMethod {
    /** Exact path-dependent TreeSHAP (Lundberg et al. 2018, Algorithm 2) over a {@link TreeEnsemble}. */
    TREE_SHAP,
    /** Exact interventional SHAP of a linear model against a background mean, in margin (logit) space. */
    LINEAR_SHAP,
    /** Model-agnostic KernelSHAP: weighted least squares over feature coalitions against a background. */
    KERNEL_SHAP,
    /** Tribuo's LIME: a sparse local surrogate; its weights are not Shapley values and are not additive. */
    LIME;

    /** Whether base value plus attributions must reproduce the model output (local accuracy). */
    public boolean isAdditive() {
        return this != LIME;
    }
}
