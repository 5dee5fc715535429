package io.tablecast.job.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Which code may use which, for the main code of all three modules: the deployed job jar must not need the
 * command-line tools or the evaluation code, the libraries must not need the job, and the forecaster stays free of
 * Flink and of the database.
 */
class ModuleRulesTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainCode() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tablecast");
    }

    @Test
    void theJobDoesNotNeedTheToolsOrTheEvaluationCode() {
        noClasses().that().resideInAPackage("io.tablecast.job..")
                .and().resideOutsideOfPackage("io.tablecast.job.tools..")
                .and().doNotHaveSimpleName("LocalRunner")
                .should().dependOnClassesThat().resideInAnyPackage("io.tablecast.job.tools..",
                        "io.tablecast.forecasting.cli..", "picocli..")
                .check(main);
    }

    @Test
    void theLibrariesDoNotNeedTheJob() {
        noClasses().that().resideInAnyPackage("io.tablecast.connectors..", "io.tablecast.forecasting..")
                .should().dependOnClassesThat().resideInAPackage("io.tablecast.job..")
                .check(main);
    }

    @Test
    void theForecasterIsPureJava() {
        noClasses().that().resideInAPackage("io.tablecast.forecasting..")
                .and().resideOutsideOfPackage("io.tablecast.forecasting.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "com.datastax..",
                        "org.apache.kafka..", "io.tablecast.connectors..")
                .check(main);
    }

    @Test
    void theConnectorsInternalsStayInsideTheirPackage() {
        noClasses().that().resideInAPackage("io.tablecast.job..")
                .and().resideOutsideOfPackage("io.tablecast.job.tools..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tablecast.connectors.cql.internal..",
                        "io.tablecast.connectors.kafka.internal..")
                .check(main);
    }
}
