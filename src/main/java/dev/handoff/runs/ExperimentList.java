package dev.handoff.runs;

import java.util.List;

/** Experiments that loaded, and those that could not be read. */
public record ExperimentList(List<Experiment> experiments, List<LoadProblem> problems) {
    public ExperimentList {
        experiments = List.copyOf(experiments);
        problems = List.copyOf(problems);
    }
}
