package dev.handoff.ui.model;

import dev.handoff.runs.Run;

import java.util.List;

/** A run with its nested (child) runs. */
public record RunNode(Run run, List<RunNode> children) {
    public RunNode {
        children = List.copyOf(children);
    }
}
