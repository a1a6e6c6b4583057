package io.microscaler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The core module (window, policy, decision, cluster planning, task-mode planning) runs live, in
 * tests with a manual clock and in simulated time only as long as it knows nothing of the I/O
 * around it. The module's pom gives it no framework to compile against; these rules say why, and
 * keep the packages inside it pointing one way.
 */
@AnalyzeClasses(packages = "io.microscaler", importOptions = ImportOption.DoNotIncludeTests.class)
class PureCoreArchitectureTest {

    @ArchTest
    static final ArchRule coreUsesTheJdkAndSketchesOnly = classes()
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.microscaler..", "com.datadoghq.sketch..")
            .because("the core is pure: time and data come in as arguments, decisions go out as values");

    @ArchTest
    static final ArchRule windowsDoNotKnowPoliciesOrDecisions = noClasses()
            .that().resideInAPackage("io.microscaler.window..")
            .should().dependOnClassesThat().resideInAnyPackage("io.microscaler.policy..", "io.microscaler.decision..",
                    "io.microscaler.cluster..", "io.microscaler.tasks..")
            .because("data flows one way: window → policy → decision → cluster and task planning");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.microscaler.(*)..").should().beFreeOfCycles();
}
