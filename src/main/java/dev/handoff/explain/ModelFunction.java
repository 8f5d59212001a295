package dev.handoff.explain;

/**
 * A scalar model output as a batch function of rows ({@code NaN} = missing), e.g. the probability of one class.
 * Model-agnostic explainers ({@link KernelShap}, {@link PermutationImportance} via its metric) only need this.
 * Implementations must be safe to call from several threads.
 */
@FunctionalInterface
public interface ModelFunction {

    /** One output per row; rows are laid out in the explainer's feature order. */
    double[] apply(double[][] rows);

    /** Convenience for a single row. */
    default double apply(double[] row) {
        return apply(new double[][] {row})[0];
    }
}
