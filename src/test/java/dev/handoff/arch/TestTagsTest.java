package dev.handoff.arch;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast test loop ({@code mvn -Pfast test}, i.e. {@code excludedGroups=peer,fx}) leaves out what needs a real peer
 * or a JavaFX toolkit only if those tests are tagged. This checks the tags against what each test class uses, directly
 * or through test helpers (FxTesting, TestWorkbench, Bench, ...): {@code dev.handoff.peer.MlflowPeer} needs
 * {@code @Tag("peer")}, JavaFX or TestFX needs {@code @Tag("fx")}. So a new peer or UI test cannot slip into the fast
 * loop untagged.
 */
class TestTagsTest {
    static final String PEER = "peer";
    static final String FX = "fx";
    private static final String MLFLOW_PEER = "dev.handoff.peer.MlflowPeer";

    private static JavaClasses testCode;

    @BeforeAll
    static void importTestClasses() {
        testCode = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.handoff");
    }

    @Test
    void theImportSeesTheTestClasses() {
        assertTrue(testClasses().size() > 50, "test classes imported: " + testClasses().size());
        assertTrue(testCode.contain(MLFLOW_PEER), "the peer helper is imported");
    }

    @Test
    void everyTestThatUsesAPeerIsTaggedPeer() {
        assertTagged(PEER, c -> c.getName().equals(MLFLOW_PEER) || c.getName().startsWith(MLFLOW_PEER + "$"));
    }

    @Test
    void everyTestThatUsesJavaFxIsTaggedFx() {
        assertTagged(FX, c -> c.getPackageName().startsWith("javafx.") || c.getPackageName().startsWith("org.testfx"));
    }

    @Test
    void theChecksSeeKnownPeerAndFxTests() {
        // the conditions above must match real tests, or they would pass on nothing
        Set<String> peer = using(c -> c.getName().equals(MLFLOW_PEER));
        assertTrue(peer.contains("dev.handoff.runs.source.rest.MlflowServerPeerTest"), peer.toString());
        assertTrue(peer.contains("dev.handoff.bench.BenchSmokeTest"), "through Bench: " + peer);
        Set<String> fx = using(c -> c.getPackageName().startsWith("javafx."));
        assertTrue(fx.contains("dev.handoff.ui.WorkbenchTest"), fx.toString());
        assertTrue(!fx.contains("dev.handoff.ui.model.HistoryCacheTest"), fx.toString());
    }

    private static void assertTagged(String tag, Predicate<JavaClass> needs) {
        Set<String> untagged = new TreeSet<>();
        for (JavaClass test : testClasses()) {
            if (reaches(test, needs) && !tags(test).contains(tag)) {
                untagged.add(test.getName());
            }
        }
        assertTrue(untagged.isEmpty(), "test classes that need @Tag(\"" + tag + "\"): " + untagged);
    }

    private static Set<String> using(Predicate<JavaClass> needs) {
        Set<String> out = new TreeSet<>();
        testClasses().stream().filter(t -> reaches(t, needs)).forEach(t -> out.add(t.getName()));
        return out;
    }

    /** Top-level classes with JUnit test methods. */
    private static List<JavaClass> testClasses() {
        return testCode.stream()
                .filter(c -> c.getEnclosingClass().isEmpty())
                .filter(c -> c.getMethods().stream().anyMatch(m -> m.getAnnotations().stream()
                        .anyMatch(a -> a.getRawType().getPackageName().startsWith("org.junit.jupiter")
                                && a.getRawType().getSimpleName().matches("Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate"))))
                .toList();
    }

    /** Whether {@code start} or test code it uses (transitively, not main code) depends on a class {@code needs}. */
    private static boolean reaches(JavaClass start, Predicate<JavaClass> needs) {
        Deque<JavaClass> todo = new ArrayDeque<>(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            JavaClass c = todo.pop();
            if (!seen.add(c.getName())) {
                continue;
            }
            if (needs.test(c)) {
                return true;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                if (needs.test(target)) {
                    return true;
                }
                if (testCode.contain(target.getName())) {
                    todo.push(testCode.get(target.getName()));
                }
            }
        }
        return false;
    }

    private static Set<String> tags(JavaClass c) {
        Set<String> tags = new HashSet<>();
        AnnotationSupport.findRepeatableAnnotations(c.reflect(), Tag.class).forEach(t -> tags.add(t.value()));
        return tags;
    }
}
