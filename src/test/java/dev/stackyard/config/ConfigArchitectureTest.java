package dev.stackyard.config;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ConfigArchitectureTest {

    @Test
    void configDependsOnNeitherJavaFxNorAwtNorTheLayersAboveIt() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.stackyard.config");

        noClasses().that().resideInAPackage("dev.stackyard.config..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..",
                        "dev.stackyard.ui..", "dev.stackyard.tray..", "dev.stackyard.cli..", "dev.stackyard.app..")
                .check(classes);
    }
}
