package dev.stackyard.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The dependency rules of shared/STYLE.md, held by the build. */
@AnalyzeClasses(packages = "dev.stackyard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule engineAndConfigNeverTouchTheToolkits = noClasses()
            .that().resideInAnyPackage("dev.stackyard.core..", "dev.stackyard.config..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..",
                    "dev.stackyard.ui..", "dev.stackyard.tray..");

    @ArchTest
    static final ArchRule processCoreKnowsNothingOfServices = noClasses()
            .that().resideInAPackage("dev.stackyard.core.process..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.stackyard.core.service..",
                    "dev.stackyard.config..", "dev.stackyard.cli..", "dev.stackyard.app..");

    @ArchTest
    static final ArchRule engineDoesNotDependOnFrontEnds = noClasses()
            .that().resideInAnyPackage("dev.stackyard.core..", "dev.stackyard.config..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.stackyard.cli..", "dev.stackyard.app..");

    @ArchTest
    static final ArchRule engineAndConfigNeverImportTheTray = noClasses()
            .that().resideInAnyPackage("dev.stackyard.core..", "dev.stackyard.config..")
            .should().dependOnClassesThat().resideInAPackage("dev.stackyard.tray..");

    /** The tray is a front end beside the window: it reaches the app only through TrayActions. */
    @ArchTest
    static final ArchRule trayDoesNotReachIntoTheAppOrTheCli = noClasses()
            .that().resideInAPackage("dev.stackyard.tray..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.stackyard.app..", "dev.stackyard.cli..",
                    "javafx..");

    /** The export asks each kind through Kind.container(); what a kind's container is stays in its package. */
    @ArchTest
    static final ArchRule exportKnowsNoKindByItsPackage = noClasses()
            .that().resideInAPackage("dev.stackyard.export..")
            .should().dependOnClassesThat().resideInAPackage("dev.stackyard.core.service.kind..");
}
