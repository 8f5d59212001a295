package dev.handoff.bundle.card;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * A model card with the field names of the Model Card Toolkit JSON schema v0.0.2
 * ({@code model_details}, {@code model_parameters}, {@code quantitative_analysis}, {@code considerations}).
 * Unknown fields of cards written by other tools (e.g. graphics) are ignored when reading.
 * Lists are never null; absent text fields are null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"schema_version", "model_details", "model_parameters", "quantitative_analysis", "considerations"})
public record ModelCard(String schemaVersion, ModelDetails modelDetails, ModelParameters modelParameters,
                        QuantitativeAnalysis quantitativeAnalysis, Considerations considerations) {
    public static final String SCHEMA_VERSION = "0.0.2";

    public ModelCard {
        schemaVersion = schemaVersion == null ? SCHEMA_VERSION : schemaVersion;
        modelDetails = modelDetails == null ? ModelDetails.empty() : modelDetails;
        modelParameters = modelParameters == null ? new ModelParameters(null, null, null, null) : modelParameters;
        quantitativeAnalysis = quantitativeAnalysis == null ? new QuantitativeAnalysis(null) : quantitativeAnalysis;
        considerations = considerations == null ? new Considerations(null, null, null, null, null) : considerations;
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"name", "overview", "documentation", "owners", "version", "licenses", "references", "citations"})
    public record ModelDetails(String name, String overview, String documentation, List<Owner> owners,
                               Version version, List<License> licenses, List<Reference> references,
                               List<Citation> citations) {
        public ModelDetails {
            owners = list(owners);
            licenses = list(licenses);
            references = list(references);
            citations = list(citations);
        }

        static ModelDetails empty() {
            return new ModelDetails(null, null, null, null, null, null, null, null);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Owner(String name, String contact) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Version(String name, String date, String diff) {
    }

    /** A license: an SPDX identifier or custom text. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record License(String identifier, String customText) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reference(String reference) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Citation(String style, String citation) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"model_architecture", "data", "input_format", "output_format"})
    public record ModelParameters(String modelArchitecture, List<Dataset> data, String inputFormat,
                                  String outputFormat) {
        public ModelParameters {
            data = list(data);
        }
    }

    /** {@link Dataset#description()} of training data starts with this. */
    public static final String TRAINING_DATA = "Training data";
    /**
     * {@link Dataset#description()} of evaluation data starts with this, then {@code " (split: <split>)"}; the
     * performance metrics that are not {@link #RUN_METRICS_SLICE} slices were computed on it.
     */
    public static final String EVALUATION_DATA = "Evaluation data";
    /** Slices of metrics logged to an MLflow run start with this (then the run id). */
    public static final String RUN_METRICS_SLICE = "mlflow run ";
    /** {@link License#customText()} when nobody gave a license at export. */
    public static final String LICENSE_UNSPECIFIED = "unspecified";

    /** A data set used to train or evaluate the model. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"name", "link", "sensitive", "description"})
    public record Dataset(String name, String link, SensitiveData sensitive, String description) {
    }

    /** Sensitive attributes present in a data set. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SensitiveData(List<String> sensitiveData) {
        public SensitiveData {
            sensitiveData = list(sensitiveData);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QuantitativeAnalysis(List<PerformanceMetric> performanceMetrics) {
        public QuantitativeAnalysis {
            performanceMetrics = list(performanceMetrics);
        }
    }

    /** A metric value (text, as in the schema) on a slice of the data, with an optional confidence interval. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"type", "value", "slice", "confidence_interval"})
    public record PerformanceMetric(String type, String value, String slice, ConfidenceInterval confidenceInterval) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConfidenceInterval(String lowerBound, String upperBound) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"users", "use_cases", "limitations", "tradeoffs", "ethical_considerations"})
    public record Considerations(List<Description> users, List<Description> useCases, List<Description> limitations,
                                 List<Description> tradeoffs, List<Risk> ethicalConsiderations) {
        public Considerations {
            users = list(users);
            useCases = list(useCases);
            limitations = list(limitations);
            tradeoffs = list(tradeoffs);
            ethicalConsiderations = list(ethicalConsiderations);
        }
    }

    /** A user, use case, limitation or trade-off: {@code {description}} in the schema. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Description(String description) {
    }

    /** An ethical consideration and how it is mitigated. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Risk(String name, String mitigationStrategy) {
    }
}
