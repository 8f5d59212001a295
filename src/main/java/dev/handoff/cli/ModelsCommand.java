package dev.handoff.cli;

import dev.handoff.runs.ModelVersion;
import dev.handoff.runs.RegisteredModel;
import dev.handoff.runs.RunSource;
import dev.handoff.runs.SourceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code handoff models [list] | show NAME}: the Model Registry of any store, printed with the fields (and in JSON the
 * field names) MlflowClient reports.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Lists registered models of the Model Registry with their versions and aliases.",
                "Without a subcommand: the same as 'models list'."},
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.ShowModel.class})
final class ModelsCommand implements Callable<Integer> {
    @Mixin
    StoreOption store = new StoreOption();
    @Option(names = "--json", description = "Print a JSON array of registered models, each with its versions.")
    boolean json;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return list(store, json, spec);
    }

    static int list(StoreOption store, boolean json, CommandLine.Model.CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        try (RunSource source = store.open()) {
            List<Map<String, Object>> arr = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("NAME", "VERSION", "ALIASES", "RUN ID", "STATUS", "SOURCE"));
            List<RegisteredModel> models = source.listRegisteredModels();
            int versionCount = 0;
            for (RegisteredModel m : models) {
                List<ModelVersion> versions = source.listModelVersions(m.name());
                versionCount += versions.size();
                arr.add(json(m, versions));
                if (versions.isEmpty()) {
                    rows.add(List.of(m.name(), "", "", "", "", ""));
                }
                for (ModelVersion v : versions) {
                    rows.add(List.of(m.name(), v.version(), String.join(",", v.aliases()), v.runId() == null ? "" : v.runId(),
                            v.status(), v.source()));
                }
            }
            if (json) {
                out.println(RunsCommand.JSON.writeValueAsString(arr));
            } else {
                out.print(Formats.table(rows));
                out.println(models.size() + " registered model" + (models.size() == 1 ? "" : "s") + ", " + versionCount
                        + " version" + (versionCount == 1 ? "" : "s"));
            }
            out.flush();
            return 0;
        } catch (SourceException e) {
            throw new CliFailure(e.getMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliFailure("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** A registered model as MlflowClient's entity names its fields, with its versions. */
    static Map<String, Object> json(RegisteredModel m, List<ModelVersion> versions) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", m.name());
        o.put("description", m.description());
        o.put("creation_timestamp", m.creationTime() < 0 ? null : m.creationTime());
        o.put("last_updated_timestamp", m.lastUpdatedTime() < 0 ? null : m.lastUpdatedTime());
        o.put("tags", m.sortedTags());
        o.put("aliases", m.sortedAliases());
        List<Map<String, Object>> vs = new ArrayList<>();
        versions.forEach(v -> vs.add(json(v)));
        o.put("versions", vs);
        return o;
    }

    static Map<String, Object> json(ModelVersion v) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", v.name());
        o.put("version", v.version());
        o.put("source", v.source());
        o.put("run_id", v.runId());
        o.put("status", v.status());
        o.put("current_stage", v.currentStage());
        o.put("description", v.description());
        o.put("creation_timestamp", v.creationTime() < 0 ? null : v.creationTime());
        o.put("last_updated_timestamp", v.lastUpdatedTime() < 0 ? null : v.lastUpdatedTime());
        o.put("tags", v.sortedTags());
        o.put("aliases", v.aliases());
        o.put("model_id", v.modelId());
        return o;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists every registered model with its versions (aliases, run, status, source).")
    static final class ListModels implements Callable<Integer> {
        @Mixin
        StoreOption store = new StoreOption();
        @Option(names = "--json", description = "Print a JSON array of registered models, each with its versions.")
        boolean json;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return list(store, json, spec);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Shows one registered model: description, tags, aliases and every version with its tags.")
    static final class ShowModel implements Callable<Integer> {
        @Mixin
        StoreOption store = new StoreOption();
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--json", description = "Print the registered model as a JSON object with its versions.")
        boolean json;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (RunSource source = store.open()) {
                RegisteredModel m = source.getRegisteredModel(name);
                List<ModelVersion> versions = source.listModelVersions(name);
                if (json) {
                    out.println(RunsCommand.JSON.writeValueAsString(json(m, versions)));
                } else {
                    out.println("Registered model " + m.name());
                    if (m.description() != null && !m.description().isEmpty()) {
                        out.println("  description: " + m.description());
                    }
                    m.sortedTags().forEach((k, v) -> out.println("  tag " + k + " = " + v));
                    m.sortedAliases().forEach((k, v) -> out.println("  alias @" + k + " -> version " + v));
                    for (ModelVersion v : versions) {
                        out.println("  version " + v.version() + (v.aliases().isEmpty() ? "" : " @" + String.join(" @", v.aliases()))
                                + "  " + v.status() + "  run " + (v.runId() == null ? "-" : v.runId()) + "  " + v.source()
                                + (v.loggedModelId() == null ? "" : "  logged model " + v.loggedModelId()));
                        if (v.description() != null && !v.description().isEmpty()) {
                            out.println("    description: " + v.description());
                        }
                        v.sortedTags().forEach((k, val) -> out.println("    tag " + k + " = " + val));
                    }
                }
                out.flush();
                return 0;
            } catch (SourceException e) {
                throw new CliFailure(e.getMessage(), e);
            }
        }
    }
}
