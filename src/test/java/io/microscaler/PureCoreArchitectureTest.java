package io.microscaler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The window, policy and decision packages are the pure core: they run live, in tests with a
 * manual clock and in simulated time only as long as they know nothing of the I/O around them.
 */
@AnalyzeClasses(packages = "io.microscaler", importOptions = ImportOption.DoNotIncludeTests.class)
class PureCoreArchitectureTest {

    private static final String[] CORE = {"io.microscaler.window..", "io.microscaler.policy..", "io.microscaler.decision..",
            "io.microscaler.cluster..", "io.microscaler.replay.model..", "io.microscaler.replay.baseline..", "io.microscaler.replay.score.."};

    @ArchTest
    static final ArchRule coreKnowsNoIoLibrary = noClasses()
            .that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.vertx..", "org.apache.kafka..", "software.amazon..", "io.micrometer..", "com.fasterxml.jackson..")
            .because("the core is pure: time and data come in as arguments, decisions go out as values");

    @ArchTest
    static final ArchRule windowsDoNotKnowPoliciesOrDecisions = noClasses()
            .that().resideInAPackage("io.microscaler.window..")
            .should().dependOnClassesThat().resideInAnyPackage("io.microscaler.policy..", "io.microscaler.decision..")
            .because("data flows one way: window → policy → decision");

    @ArchTest
    static final ArchRule coreDoesNotReachBackIntoTheEdges = noClasses()
            .that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.microscaler.ingest..", "io.microscaler.bus..", "io.microscaler.actuate..", "io.microscaler.aws..",
                    "io.microscaler.observability..", "io.microscaler.api..", "io.microscaler.localcloud..",
                    "io.microscaler.demo..", "io.microscaler.config..")
            .because("the edges use the core, never the other way round");

    @ArchTest
    static final ArchRule taskModeChoicesKnowNoIoLibrary = noClasses()
            .that().resideInAPackage("io.microscaler.actuate.tasks..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.vertx..", "org.apache.kafka..", "software.amazon..", "io.micrometer..", "com.fasterxml.jackson..",
                    "io.microscaler.actuate.aws..", "io.microscaler.config..")
            .because("task mode's choices (which task to stop, what to launch) are pure: actuate.aws feeds them what it reads");
}
