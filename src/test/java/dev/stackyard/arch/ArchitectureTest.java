package dev.stackyard.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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

    /**
     * The tray is a front end beside the window: it reaches the app through TrayActions and the
     * shared application layer ({@code usecase}), never through the window's classes.
     */
    @ArchTest
    static final ArchRule trayDoesNotReachIntoTheAppOrTheCli = noClasses()
            .that().resideInAPackage("dev.stackyard.tray..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.stackyard.app..", "dev.stackyard.cli..",
                    "dev.stackyard.ui..", "javafx..");

    /** The window and the CLI share the application layer; neither reaches into the other, the tray or the app. */
    @ArchTest
    static final ArchRule theWindowReachesTheEngineThroughTheApplicationLayer = noClasses()
            .that().resideInAPackage("dev.stackyard.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.stackyard.app..", "dev.stackyard.cli..",
                    "dev.stackyard.tray..");

    @ArchTest
    static final ArchRule theCliReachesTheEngineThroughTheApplicationLayer = noClasses()
            .that().resideInAPackage("dev.stackyard.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.stackyard.app..", "dev.stackyard.ui..",
                    "dev.stackyard.tray..", "javafx..");

    /** The use cases every front end shares know no front end and no toolkit. */
    @ArchTest
    static final ArchRule theApplicationLayerKnowsNoFrontEnd = noClasses()
            .that().resideInAPackage("dev.stackyard.usecase..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.stackyard.ui..", "dev.stackyard.cli..",
                    "dev.stackyard.tray..", "dev.stackyard.app..", "javafx..", "java.awt..");

    /** The mail server runs as a process of its own with its own class path: nothing else of Stackyard's. */
    @ArchTest
    static final ArchRule mailServerStandsAlone = noClasses()
            .that().resideInAPackage("dev.stackyard.mailserver..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.stackyard.core..", "dev.stackyard.config..",
                    "dev.stackyard.usecase..", "dev.stackyard.cli..", "dev.stackyard.ui..", "dev.stackyard.tray..",
                    "dev.stackyard.app..", "dev.stackyard.export..", "dev.stackyard.logging..");

    /** Dependencies point one way only: no two packages of src/main depend on each other, even through others. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.stackyard.(**)").should().beFreeOfCycles();

    /**
     * Outside the kinds' own packages and the sites code (about nginx and php-fpm by nature), nothing
     * compares against a particular kind: it asks the kind's descriptor. Looking a kind up by a name
     * written in the code is that comparison.
     */
    @ArchTest
    static final ArchRule onlyTheKindsAndTheSitesNameAKind = noClasses()
            .that().resideOutsideOfPackages("dev.stackyard.core.service.kind..", "dev.stackyard.core.site..")
            .should().callMethod(dev.stackyard.core.service.ServiceKind.class, "named", String.class)
            .because("the rest of the app asks the kind's descriptor (docs/adding-a-kind.md)");

    /** Nothing reaches into a particular kind's package but the kind itself and the sites code (nginx). */
    @ArchTest
    static final ArchRule kindPackagesAreReachedOnlyThroughTheRegistry = noClasses()
            .that().resideOutsideOfPackages("dev.stackyard.core.service.kind..", "dev.stackyard.core.site..")
            .and().doNotHaveFullyQualifiedName("dev.stackyard.usecase.SiteService")
            .should().dependOnClassesThat().resideInAPackage("dev.stackyard.core.service.kind..")
            .because("kinds are ServiceLoader providers: the registry finds them, nobody names them");

}
