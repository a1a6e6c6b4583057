package io.microscaler.cluster;

import static io.microscaler.cluster.HeadroomRuleTest.INSTANCE;
import static io.microscaler.cluster.HeadroomRuleTest.LARGEST;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.cluster.CapacityAction.ScaleIn;
import io.microscaler.cluster.CapacityAction.ScaleOut;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The headroom rule driving a small simulated cluster, one evaluation per simulated second:
 * instances join 5 s after the group asks for them, a scale-in drains the instance and terminates
 * it (with a decrement) a second later, and the load's tasks are packed onto the ACTIVE instances
 * every second. Counting the rule's actions over a load shows whether it flaps.
 */
class HeadroomFlappingTest {

    private static final int PER_INSTANCE = 4;
    private static final int BOOT_SECONDS = 5;
    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    /** The simulated cluster: instances with their packed task counts; mutable, test-local. */
    private static final class Sim {
        final HeadroomRule rule = new HeadroomRule(new HeadroomSettings(1, 5, LARGEST, INSTANCE, Duration.ofSeconds(60)));
        final List<String> active = new ArrayList<>();
        final List<Integer> joinsAt = new ArrayList<>();
        String draining;
        int desired;
        int nextId;
        HeadroomMemory memory = HeadroomMemory.EMPTY;
        int scaleOuts;
        int scaleIns;
        final List<String> log = new ArrayList<>();

        Sim(int instances) {
            for (int i = 0; i < instances; i++) {
                active.add("i-" + (++nextId));
            }
            desired = instances;
        }

        int clock;

        /** Runs {@code seconds} more simulated seconds; {@code load} gets the seconds since this run began. */
        void run(int seconds, IntUnaryOperator load) {
            for (int t = 0; t < seconds; t++) {
                step(clock++, load.applyAsInt(t));
            }
        }

        void step(int t, int load) {
            if (draining != null) { // terminated with a decrement a second after its drain began
                draining = null;
                desired--;
            }
            while (!joinsAt.isEmpty() && joinsAt.get(0) <= t) {
                joinsAt.remove(0);
                active.add("i-" + (++nextId));
            }
            CapacityEvaluation e = rule.evaluate(instances(load), new GroupState(desired, 0, 20), memory, T0.plusSeconds(t));
            memory = e.next();
            if (e.action() instanceof ScaleOut out) {
                scaleOuts++;
                for (int i = desired; i < out.desiredCapacity(); i++) {
                    joinsAt.add(t + BOOT_SECONDS);
                }
                desired = out.desiredCapacity();
                log.add(t + "s load " + load + ": " + out.message());
            } else if (e.action() instanceof ScaleIn in) {
                scaleIns++;
                active.remove(in.instanceId());
                draining = in.instanceId();
                log.add(t + "s load " + load + ": " + in.message());
            }
        }

        /** The load's tasks packed onto the active instances, fullest first (binpack). */
        List<InstanceState> instances(int load) {
            List<InstanceState> list = new ArrayList<>();
            int left = load;
            for (String id : active) {
                int n = Math.min(PER_INSTANCE, left);
                left -= n;
                List<PlacedTask> tasks = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    tasks.add(new PlacedTask(id + "-" + k, "iiif", LARGEST));
                }
                list.add(new InstanceState(id, INSTANCE.cpu(), INSTANCE.memoryMiB(), INSTANCE.cpu() - n * LARGEST.cpu(),
                        INSTANCE.memoryMiB() - n * LARGEST.memoryMiB(), tasks, false));
            }
            if (draining != null) {
                list.add(InstanceState.empty(draining, INSTANCE).withDraining());
            }
            return list;
        }
    }

    @Test
    void aLoadHoveringAtTheLowThresholdScalesOutOnceWhileTheInstanceBoots() {
        Sim sim = new Sim(2);

        sim.run(300, t -> t % 2 == 0 ? 7 : 8); // 8 tasks fill both instances: headroom 0, then 1, then 0…

        assertThat(sim.scaleOuts).as(String.join("\n", sim.log)).isEqualTo(1);
        assertThat(sim.scaleIns).as(String.join("\n", sim.log)).isZero();
        assertThat(sim.active).hasSize(3);
    }

    @Test
    void aLoadHoveringAtTheHighThresholdScalesInOnceAndStays() {
        Sim sim = new Sim(3);

        sim.run(300, t -> t % 2 == 0 ? 6 : 7); // 12 slots: headroom 6 (> high 5), then 5, then 6…

        assertThat(sim.scaleIns).as(String.join("\n", sim.log)).isEqualTo(1);
        assertThat(sim.scaleOuts).as(String.join("\n", sim.log)).isZero();
        assertThat(sim.active).hasSize(2);
    }

    @Test
    void aRampOnlyScalesOutWhileRisingAndOnlyInWhileFalling() {
        Sim sim = new Sim(1);
        sim.run(420, t -> Math.min(t / 10, 40)); // one more task every 10 s up to 40
        assertThat(sim.scaleIns).as(String.join("\n", sim.log)).isZero();
        assertThat(sim.active).hasSize(11); // 40 tasks + headroom ≥ 1 → 11 instances of 4

        int outsWhileRising = sim.scaleOuts;
        sim.run(1000, t -> Math.max(40 - t / 10, 0)); // down to 0 after 400 s; scale-ins are 60 s apart at most
        assertThat(sim.scaleOuts).as(String.join("\n", sim.log)).isEqualTo(outsWhileRising);
        assertThat(sim.scaleIns).isPositive();
        assertThat(sim.active).as("no load: one instance (headroom 4) is within [1, 5], two (8) are not").hasSize(1);
    }
}
