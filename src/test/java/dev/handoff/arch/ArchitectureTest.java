package dev.handoff.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering of ../shared/DESIGN.md: sources → domain → analysis → views / bundle, UI thin.
 *
 * <p>No rule allows an empty "should": every rule's subject packages exist, which {@link #theImportSeesEveryLayer()}
 * checks, so a rule that passes does so on real classes.
 */
class ArchitectureTest {
    private static final Set<String> LAYERS = Set.of("runs", "metrics", "explain", "bundle", "cli", "ui", "logging");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.handoff");
    }

    @Test
    void theImportSeesEveryLayer() {
        assertFalse(classes.isEmpty(), "no production classes imported");
        Set<String> top = classes.stream().map(JavaClass::getPackageName)
                .filter(p -> p.startsWith("dev.handoff."))
                .map(p -> p.substring("dev.handoff.".length()).split("\\.")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(top.containsAll(LAYERS), "top-level packages imported: " + top);
        assertTrue(classes.contain("dev.handoff.ui.Workbench"), "the UI's main class is imported");
        assertTrue(classes.contain("dev.handoff.runs.RunSource"), "the source interface is imported");
        assertTrue(classes.stream().filter(c -> c.getPackageName().startsWith("dev.handoff.runs.source.")).count() >= 3,
                "the file, SQLite and REST sources are imported");
    }

    @Test
    void theJavaFxRuleSeesTheUisJavaFxDependencies() {
        // the same condition as onlyUiImportsJavaFxControlsFxOrChartFx, turned on the UI: it must find violations,
        // or the imported classes lack their dependencies and the real rule would pass on nothing
        ArchRule uiUsesJavaFx = noClasses().that().resideInAPackage("dev.handoff.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.jfree.chart.fx..");
        assertTrue(uiUsesJavaFx.evaluate(classes).hasViolation(), "the UI is seen to use JavaFX");
    }

    @Test
    void onlyUiImportsJavaFxControlsFxOrChartFx() {
        noClasses().that().resideOutsideOfPackage("dev.handoff.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.jfree.chart.fx..")
                .because("the UI is thin: runs, metrics, explain, bundle and cli are plain Java, testable without a display")
                .check(classes);
    }

    @Test
    void noCyclesBetweenTopLevelPackages() {
        slices().matching("dev.handoff.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noCyclesBetweenSubPackages() {
        slices().matching("dev.handoff.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void runsDependOnNoHigherLayer() {
        noClasses().that().resideInAPackage("dev.handoff.runs..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.handoff.metrics..", "dev.handoff.explain..", "dev.handoff.bundle..",
                        "dev.handoff.cli..", "dev.handoff.ui..")
                .check(classes);
    }

    @Test
    void analysisDependsOnNoViewOrBundle() {
        noClasses().that().resideInAnyPackage("dev.handoff.metrics..", "dev.handoff.explain..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.handoff.bundle..", "dev.handoff.cli..", "dev.handoff.ui..")
                .check(classes);
    }

    @Test
    void bundleDependsOnNoView() {
        noClasses().that().resideInAPackage("dev.handoff.bundle..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.handoff.cli..", "dev.handoff.ui..")
                .check(classes);
    }

    @Test
    void loggingIsALeafEveryLayerMayUse() {
        noClasses().that().resideInAPackage("dev.handoff.logging..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.handoff.runs..", "dev.handoff.metrics..", "dev.handoff.explain..", "dev.handoff.bundle..",
                        "dev.handoff.cli..", "dev.handoff.ui..", "dev.handoff.sample..")
                .because("the log location and secret masking serve every layer, so they depend on none")
                .check(classes);
    }

    @Test
    void cliAndUiAreIndependent() {
        noClasses().that().resideInAPackage("dev.handoff.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.handoff.ui..").check(classes);
        noClasses().that().resideInAPackage("dev.handoff.ui..")
                .should().dependOnClassesThat().resideInAPackage("dev.handoff.cli..").check(classes);
    }
}
