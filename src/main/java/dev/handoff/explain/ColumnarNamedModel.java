package dev.handoff.explain;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.data.columnar.ColumnarFeature;
import org.tribuo.impl.ArrayExample;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A view of a classifier under the feature names Tribuo's columnar pipeline gives numeric columns
 * ({@code column@value}, as a {@code DoubleFieldProcessor} names them), so {@code LIMEColumnar} can explain models
 * trained on plain-named features (e.g. {@code income}): {@code LIMEColumnar} accepts a model only if every feature
 * starts with {@code field@}. Predictions strip the suffix and delegate to the wrapped model; the feature statistics
 * LIME samples from (count, mean, variance) are the wrapped model's. Never serialized.
 */
final class ColumnarNamedModel extends Model<Label> {
    private static final long serialVersionUID = 1L;

    /** What a {@code DoubleFieldProcessor} appends to its column name. */
    static final String SUFFIX = ColumnarFeature.JOINER + "value";

    private final Model<Label> inner;

    ColumnarNamedModel(Model<Label> inner) {
        super(inner.getName(), inner.getProvenance(), renamed(inner.getFeatureIDMap()), inner.getOutputIDInfo(),
                inner.generatesProbabilities());
        this.inner = inner;
    }

    static String columnarName(String feature) {
        return feature + SUFFIX;
    }

    static String plainName(String feature) {
        return feature.endsWith(SUFFIX) ? feature.substring(0, feature.length() - SUFFIX.length()) : feature;
    }

    private static ImmutableFeatureMap renamed(ImmutableFeatureMap map) {
        List<VariableInfo> infos = new ArrayList<>();
        for (VariableInfo info : map) {
            infos.add(info.rename(columnarName(info.getName())));
        }
        return new ImmutableFeatureMap(infos);
    }

    private static Example<Label> plain(Example<Label> example) {
        ArrayExample<Label> out = new ArrayExample<>(example.getOutput(), example.size());
        for (Feature f : example) {
            out.add(plainName(f.getName()), f.getValue());
        }
        return out;
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        return new Prediction<>(inner.predict(plain(example)), example.size(), example);
    }

    @Override
    protected List<Prediction<Label>> innerPredict(Iterable<Example<Label>> examples) {
        List<Example<Label>> originals = new ArrayList<>();
        List<Example<Label>> plain = new ArrayList<>();
        for (Example<Label> e : examples) {
            originals.add(e);
            plain.add(plain(e));
        }
        List<Prediction<Label>> predictions = inner.predict(plain);
        List<Prediction<Label>> out = new ArrayList<>(predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            out.add(new Prediction<>(predictions.get(i), originals.get(i).size(), originals.get(i)));
        }
        return out;
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        Map<String, List<Pair<String, Double>>> out = new LinkedHashMap<>();
        inner.getTopFeatures(n).forEach((k, v) -> out.put(k,
                v.stream().map(p -> new Pair<>(columnarName(p.getA()), p.getB())).toList()));
        return out;
    }

    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.empty();
    }

    @Override
    protected Model<Label> copy(String newName, ModelProvenance newProvenance) {
        return new ColumnarNamedModel(inner);
    }

    @Override
    public ModelProto serialize() {
        throw new UnsupportedOperationException("A columnar-named view of '" + inner.getName()
                + "' is only for LIME and is never saved; save the wrapped model");
    }
}
