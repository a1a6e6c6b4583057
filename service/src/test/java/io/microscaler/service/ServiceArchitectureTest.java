package io.microscaler.service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.LocationProvider;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * The production service knows no emulator, demo, replay or broker (its pom has them at test scope
 * at most, and ProductionJarIT lists the jar), and its packages follow the data one way:
 * ingest → evaluate → bus → actuate → actuate.aws, with capacity (the cluster loop) beside them.
 */
@AnalyzeClasses(locations = ServiceArchitectureTest.ServiceClasses.class)
class ServiceArchitectureTest {

    /** This module's classes only: the local cloud is on the test class path, and must not count. */
    static final class ServiceClasses implements LocationProvider {
        @Override
        public Set<Location> get(Class<?> testClass) {
            return Set.of(Location.of(Microscaler.class.getProtectionDomain().getCodeSource().getLocation()));
        }
    }

    @ArchTest
    static final ArchRule noGuestsInTheHouse = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("io.microscaler.localcloud..", "io.microscaler.demo..",
                    "io.microscaler.replay..", "io.microscaler.kafka.embedded..", "kafka..", "scala..", "org.knowm..")
            .because("the production artifact is the autoscaler alone: no emulator, demo, replay, broker or charts");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.microscaler.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theActuatorKnowsNothingOfItsAdapters = noClasses()
            .that().resideInAPackage("io.microscaler.actuate")
            .should().dependOnClassesThat().resideInAnyPackage("io.microscaler.actuate.aws..", "software.amazon..")
            .because("actuate is the contract (one operation in flight per service); actuate.aws one adapter of it");

    @ArchTest
    static final ArchRule ingestHasNoClusterBranch = noClasses()
            .that().resideInAnyPackage("io.microscaler.ingest..", "io.microscaler.evaluate..")
            .should().dependOnClassesThat().resideInAnyPackage("io.microscaler.capacity..", "io.microscaler.cluster..",
                    "io.microscaler.actuate..")
            .because("ingest and evaluation turn events into decisions; what the cluster does with them is downstream");
}
