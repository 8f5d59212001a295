package dev.handoff.bench;

import dev.handoff.peer.MlflowPeer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a benchmark ran on. */
final class Machine {
    private Machine() {
    }

    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        m.put("nproc", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("Memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("Python / MLflow", pythonVersions());
        return m;
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
            return "unknown (no " + key + " in " + file + ")";
        } catch (IOException e) {
            return "unknown (" + file + ": " + e.getMessage() + ")";
        }
    }

    private static String pythonVersions() {
        try {
            MlflowPeer peer = MlflowPeer.get();
            Processes.Timed r = Processes.run(List.of(peer.python().toString(), "-c",
                    "import sys, mlflow; print('Python', sys.version.split()[0], '/ MLflow', mlflow.__version__)"),
                    Map.of(), true, 2);
            return r.exitCode() == 0 ? r.stdout().strip() : "unknown (" + r.stderr().strip() + ")";
        } catch (MlflowPeer.PeerUnavailableException e) {
            return "MLflow peer unavailable: " + e.getMessage();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }
}
