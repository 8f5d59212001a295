package dev.handoff.ui.model;

import dev.handoff.runs.Run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Arranges runs into trees by {@link Run#parentRunId()}. A run whose parent is not among the given runs (filtered
 * out, deleted, other experiment) is a root, so no run is ever hidden. Input order is kept within each level.
 */
public final class RunForest {
    private RunForest() {
    }

    public static List<RunNode> build(List<Run> runs) {
        Map<String, Run> byId = new LinkedHashMap<>();
        for (Run r : runs) {
            byId.put(r.id(), r);
        }
        Map<String, List<Run>> children = new HashMap<>();
        List<Run> roots = new ArrayList<>();
        for (Run r : runs) {
            String parent = r.parentRunId();
            if (parent != null && byId.containsKey(parent) && !parent.equals(r.id())) {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(r);
            } else {
                roots.add(r);
            }
        }
        Set<String> visited = new HashSet<>();
        List<RunNode> out = new ArrayList<>();
        for (Run root : roots) {
            out.add(node(root, children, visited));
        }
        // runs on a parent cycle (a → b → a) are reachable from no root: show them as roots rather than lose them
        for (Run r : runs) {
            if (!visited.contains(r.id())) {
                out.add(node(r, children, visited));
            }
        }
        return out;
    }

    private static RunNode node(Run run, Map<String, List<Run>> children, Set<String> visited) {
        visited.add(run.id());
        List<RunNode> kids = new ArrayList<>();
        for (Run c : children.getOrDefault(run.id(), List.of())) {
            if (!visited.contains(c.id())) {
                kids.add(node(c, children, visited));
            }
        }
        return new RunNode(run, kids);
    }
}
