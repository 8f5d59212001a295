package dev.handoff.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
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
    /**
     * Test-support code, compiled with the tests (src/test/java, src/testkit/java) and never shipped: named here so
     * the rules still hold if one of them were moved back into src/main/java.
     */
    static final List<String> TEST_SUPPORT = List.of(
            "dev.handoff.runs.source.file.SyntheticStore",
            "dev.handoff.runs.source.file.FileStoreWriter",
            "dev.handoff.sample.TrainSweep",
            "dev.handoff.sample.CreditRiskData");
    /** A named test-support class (or one nested in it), or any class compiled into the test output. */
    private static final DescribedPredicate<JavaClass> TEST_SUPPORT_CODE = DescribedPredicate.describe(
            "are test-support code " + TEST_SUPPORT + " or compiled with the tests", ArchitectureTest::isTestSupport);
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
    void testSupportCodeIsNotInTheMainClasses() {
        for (String name : TEST_SUPPORT) {
            assertFalse(classes.contain(name), name + " is compiled into the shipped jar; it belongs in src/test or src/testkit");
        }
    }

    @Test
    void mainCodeDependsOnNoTestSupportCode() {
        noClasses().should().dependOnClassesThat(TEST_SUPPORT_CODE)
                .because("test-support code is not in the shipped jar: the app would fail with NoClassDefFoundError")
                .check(classes);
    }

    @Test
    void theTestSupportRuleSeesTestkitDependencies() {
        // the same condition on the testkit itself (TrainSweep writes its runs through FileStoreWriter): it must find
        // violations, or dependencies on classes outside the imported main classes would go unseen
        JavaClasses testkit = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("dev.handoff.sample");
        assertTrue(testkit.contain("dev.handoff.sample.TrainSweep"), "the testkit is compiled with the tests");
        assertTrue(noClasses().should().dependOnClassesThat(TEST_SUPPORT_CODE).evaluate(testkit).hasViolation(),
                "TrainSweep is seen to use FileStoreWriter");
    }

    private static boolean isTestSupport(JavaClass c) {
        String name = c.getName();
        if (TEST_SUPPORT.stream().anyMatch(t -> name.equals(t) || name.startsWith(t + "$"))) {
            return true;
        }
        // resolved from the class path: where it was compiled to (Maven's target/test-classes)
        return c.getSource().map(s -> s.getUri().toString().contains("/test-classes/")).orElse(false);
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
