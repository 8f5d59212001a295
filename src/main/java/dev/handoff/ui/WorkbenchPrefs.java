package dev.handoff.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** What the workbench remembers between sessions: recent sources, window geometry, dividers, theme. */
public final class WorkbenchPrefs {
    static final int MAX_RECENT = 8;
    private final Preferences node;

    public WorkbenchPrefs(Preferences node) {
        this.node = node;
    }

    public static WorkbenchPrefs user() {
        return new WorkbenchPrefs(Preferences.userRoot().node("dev/handoff/workbench"));
    }

    /** Most recent first. */
    public List<String> recentSources() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < MAX_RECENT; i++) {
            String s = node.get("recent." + i, null);
            if (s != null && !s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Moves {@code location} to the front of the recent list. */
    /** Remembers a source; a {@code user:password@} in a URL is never written (it is dropped, defensively). */
    public void addRecent(String location) {
        location = dev.handoff.runs.source.rest.RestConfig.withoutUserInfo(location);
        List<String> recent = recentSources();
        recent.remove(location);
        recent.add(0, location);
        for (int i = 0; i < MAX_RECENT; i++) {
            if (i < recent.size()) {
                node.put("recent." + i, recent.get(i));
            } else {
                node.remove("recent." + i);
            }
        }
        flush();
    }

    public String lastSource() {
        List<String> recent = recentSources();
        return recent.isEmpty() ? null : recent.get(0);
    }

    public double getDouble(String key, double fallback) {
        return node.getDouble(key, fallback);
    }

    public void putDouble(String key, double value) {
        node.putDouble(key, value);
    }

    public boolean getBoolean(String key, boolean fallback) {
        return node.getBoolean(key, fallback);
    }

    public void putBoolean(String key, boolean value) {
        node.putBoolean(key, value);
    }

    public void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // preferences are a convenience: losing them must not break the workbench
            System.getLogger(WorkbenchPrefs.class.getName()).log(System.Logger.Level.WARNING,
                    "could not save preferences: " + e.getMessage());
        }
    }
}
