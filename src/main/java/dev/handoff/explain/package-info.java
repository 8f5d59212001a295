/**
 * Plain-Java explainability for Tribuo classifiers; no UI types.
 *
 * <h2>Local explanations ({@link dev.handoff.explain.Attribution})</h2>
 * <ul>
 *   <li>{@link dev.handoff.explain.TreeShap}: exact path-dependent TreeSHAP over a neutral
 *   {@link dev.handoff.explain.TreeEnsemble}; {@link dev.handoff.explain.TribuoTrees} builds one from CART
 *   (probability of a class), XGBoost (raw class margin) and probability-averaging CART ensembles.</li>
 *   <li>{@link dev.handoff.explain.LinearShap}: exact interventional SHAP of linear SGD models in margin space,
 *   also behind affine per-feature transformations (Tribuo {@code TransformedModel}).</li>
 *   <li>{@link dev.handoff.explain.KernelShap}: model-agnostic KernelSHAP over a {@link dev.handoff.explain.Background}
 *   for any {@link dev.handoff.explain.ModelFunction}, e.g. a class probability.</li>
 *   <li>{@link dev.handoff.explain.LimeExplainer}: Tribuo's LIME through {@code LIMEColumnar}, not additive.</li>
 * </ul>
 * {@link dev.handoff.explain.Explainers} picks and builds these for a model as
 * {@link dev.handoff.explain.LocalExplainer}s.
 *
 * <h2>Global importance ({@link dev.handoff.explain.FeatureImportance})</h2>
 * {@link dev.handoff.explain.IntrinsicImportance} (model statistics), {@link dev.handoff.explain.PermutationImportance}
 * (held-out metric drop) and {@link dev.handoff.explain.FeatureImportance#meanAbsolute} (mean |SHAP|).
 *
 * <h2>Data</h2>
 * {@link dev.handoff.explain.FeatureTable} holds rows in the model's feature order; {@code NaN} is a missing value,
 * i.e. a feature absent from the Tribuo example. Long computations take a
 * {@link dev.handoff.explain.ProgressListener} and a {@link dev.handoff.explain.Cancellation}.
 */
package dev.handoff.explain;
