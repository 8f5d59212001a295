package dev.handoff.ui.explain;

import dev.handoff.explain.ExplanationReport;
import dev.handoff.explain.FeatureTable;
import dev.handoff.explain.PrincipalReasons;
import dev.handoff.explain.ReasonCodeTable;
import dev.handoff.explain.ReferenceData;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What the decision views of one explanation work from, computed in the explanation's background job: the principal
 * reasons (null when they do not apply, with {@code note} saying why), the reason-code table (null: none found), the
 * adverse class, the explained rows and the training data counterfactuals search over.
 */
record DecisionInputs(Model<Label> model, PrincipalReasons.Report reasons, ReasonCodeTable table, String adverseClass,
                      FeatureTable data, ReferenceData training, String note) {

    /**
     * The inputs of a classifier's local explanation; the table is the first {@value ReasonCodeTable#FILE_NAME} in
     * {@code tableDirs}.
     *
     * @return null for a regressor or a global method (no rows)
     */
    @SuppressWarnings("unchecked")
    static DecisionInputs of(Model<?> anyModel, ExplanationReport report, FeatureTable data, ReferenceData training,
                             List<Path> tableDirs) throws IOException {
        if (report.rows().isEmpty() || !anyModel.validate(Label.class)) {
            return null;
        }
        Model<Label> model = (Model<Label>) anyModel;
        ReasonCodeTable table = ReasonCodeTable.find(tableDirs).orElse(null);
        String adverse = PrincipalReasons.adverseClass(model, table, null);
        try {
            PrincipalReasons.Report reasons = PrincipalReasons.of(model, report, table, adverse,
                    PrincipalReasons.DEFAULT_MAX, training.table());
            return new DecisionInputs(model, reasons, table, adverse, data, training, null);
        } catch (IllegalArgumentException e) {
            return new DecisionInputs(model, null, table, adverse, data, training, e.getMessage());
        }
    }
}
