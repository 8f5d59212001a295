package dev.handoff.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layering of ../shared/DESIGN.md: sources → domain → analysis → views / bundle, UI thin. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.handoff");
    }

    @Test
    void onlyUiImportsJavaFxControlsFxOrChartFx() {
        noClasses().that().resideOutsideOfPackage("dev.handoff.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.jfree.chart.fx..")
                .because("the UI is thin: runs, metrics, explain, bundle and cli are plain Java, testable without a display")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void noCyclesBetweenTopLevelPackages() {
        slices().matching("dev.handoff.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
    }

    @Test
    void noCyclesBetweenSubPackages() {
        slices().matching("dev.handoff.(**)").should().beFreeOfCycles().allowEmptyShould(true).check(classes);
    }

    @Test
    void runsDependOnNoHigherLayer() {
        noClasses().that().resideInAPackage("dev.handoff.runs..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.handoff.metrics..", "dev.handoff.explain..", "dev.handoff.bundle..",
                        "dev.handoff.cli..", "dev.handoff.ui..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void analysisDependsOnNoViewOrBundle() {
        noClasses().that().resideInAnyPackage("dev.handoff.metrics..", "dev.handoff.explain..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.handoff.bundle..", "dev.handoff.cli..", "dev.handoff.ui..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void bundleDependsOnNoView() {
        noClasses().that().resideInAPackage("dev.handoff.bundle..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.handoff.cli..", "dev.handoff.ui..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void cliAndUiAreIndependent() {
        noClasses().that().resideInAPackage("dev.handoff.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.handoff.ui..").allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("dev.handoff.ui..")
                .should().dependOnClassesThat().resideInAPackage("dev.handoff.cli..").allowEmptyShould(true).check(classes);
    }
}
