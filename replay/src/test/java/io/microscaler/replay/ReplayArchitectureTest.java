package io.microscaler.replay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The replay's model, baselines and scoring are pure simulation (simulated time, no I/O), so that
 * a replay on one machine gives the same figures as on another; only reading traces and drawing
 * charts touch files.
 */
@AnalyzeClasses(packages = "io.microscaler.replay", importOptions = ImportOption.DoNotIncludeTests.class)
class ReplayArchitectureTest {

    @ArchTest
    static final ArchRule simulationIsPure = noClasses()
            .that().resideInAnyPackage("io.microscaler.replay.model..", "io.microscaler.replay.baseline..",
                    "io.microscaler.replay.score..")
            .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "org.knowm..",
                    "com.fasterxml.jackson..")
            .because("the simulation runs in simulated time on values; files and charts are the edges");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.microscaler.replay.(**)").should().beFreeOfCycles();
}
