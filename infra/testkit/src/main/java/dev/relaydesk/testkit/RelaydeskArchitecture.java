package dev.relaydesk.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layout rules of CONVENTIONS.md as executable checks, shared by every service: the domain stays free of Spring,
 * R2DBC and Jackson, and the dialect adapters translate and delegate without calling each other.
 */
public final class RelaydeskArchitecture {

    private static final List<String> DIALECTS = List.of("jitbit", "v1", "v2", "legacy");

    private RelaydeskArchitecture() {}

    public static JavaClasses importProduction(String basePackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
    }

    /** Checks every rule against the service's production classes. */
    public static void check(String basePackage) {
        JavaClasses classes = importProduction(basePackage);
        for (ArchRule rule : rules(basePackage)) {
            rule.check(classes);
        }
    }

    public static List<ArchRule> rules(String basePackage) {
        ArchRule domainIsPlain = noClasses()
                .that()
                .resideInAPackage(basePackage + "..domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.r2dbc..", "tools.jackson..", "com.fasterxml.jackson..")
                .allowEmptyShould(true)
                .because("the domain has no Spring, R2DBC or Jackson annotations (CONVENTIONS.md)");
        List<ArchRule> adapterRules = DIALECTS.stream()
                .map(dialect -> (ArchRule) noClasses()
                        .that()
                        .resideInAPackage(basePackage + ".api." + dialect + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(DIALECTS.stream()
                                .filter(other -> !other.equals(dialect))
                                .map(other -> basePackage + ".api." + other + "..")
                                .toArray(String[]::new))
                        .allowEmptyShould(true)
                        .because("dialect adapters translate and delegate; they never call each other"))
                .toList();
        ArchRule noGenericNames = noClasses()
                .that()
                .resideInAPackage(basePackage + "..")
                .should()
                .haveSimpleNameEndingWith("ServiceImpl")
                .orShould()
                .haveSimpleNameEndingWith("Manager")
                .orShould()
                .haveSimpleNameEndingWith("Util")
                .orShould()
                .haveSimpleNameEndingWith("Utils")
                .allowEmptyShould(true)
                .because("classes are named after capabilities and use cases");
        return java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(domainIsPlain, noGenericNames), adapterRules.stream())
                .toList();
    }
}
