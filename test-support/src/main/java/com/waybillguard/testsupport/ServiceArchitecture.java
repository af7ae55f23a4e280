package com.waybillguard.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering every service is held to (docs/architecture.md, "Packages and layers"), checked on the
 * service's production classes with ArchUnit. Each service has a small test that calls these checks
 * with its own root package; a violation fails the build with the offending imports listed.
 */
public final class ServiceArchitecture {

    /** Root of every package of the project. */
    private static final String PROJECT_ROOT = "com.waybillguard";

    private final String root;
    private final JavaClasses classes;

    private ServiceArchitecture(String root, JavaClasses classes) {
        this.root = root;
        this.classes = classes;
    }

    /** The production classes (no tests) under {@code rootPackage}, e.g. {@code com.waybillguard.gateway}. */
    public static ServiceArchitecture of(String rootPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
        return new ServiceArchitecture(rootPackage, classes);
    }

    /** {@code rest} is the top layer: no class outside it imports a class in it. */
    public void nothingImportsRest() {
        noClasses().that().resideOutsideOfPackage(root + ".rest..")
                .should().dependOnClassesThat().resideInAPackage(root + ".rest..")
                .as("nothing outside " + root + ".rest imports " + root + ".rest")
                .check(classes);
    }

    /** The service's top-level packages form no import cycle (rest ↔ service, client ↔ domain, ...). */
    public void packagesFormNoCycles() {
        slices().matching(root + ".(*)..")
                .should().beFreeOfCycles()
                .as("the packages of " + root + " are free of cycles")
                .check(classes);
    }

    /** The service imports nothing of another module of the project (contracts are JSON over HTTP). */
    public void importsNoOtherModule() {
        noClasses().should().dependOnClassesThat(
                        describe(
                                "belong to another module of the project",
                                c -> c.getPackageName().startsWith(PROJECT_ROOT + ".")
                                        && !c.getPackageName().equals(root)
                                        && !c.getPackageName().startsWith(root + ".")))
                .as(root + " imports no other module of " + PROJECT_ROOT)
                .check(classes);
    }

    /** {@code config} is the bottom layer: it imports no other package of the service. */
    public void configImportsNothingAbove() {
        noClasses().that().resideInAPackage(root + ".config..")
                .should().dependOnClassesThat(
                        describe(
                                "are in another package of " + root,
                                c -> c.getPackageName().startsWith(root + ".")
                                        && !c.getPackageName().startsWith(root + ".config")))
                .as(root + ".config imports no other package of the service")
                .check(classes);
    }
}
