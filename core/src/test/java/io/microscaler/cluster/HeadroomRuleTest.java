package io.microscaler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.cluster.CapacityAction.Hold;
import io.microscaler.cluster.CapacityAction.ScaleIn;
import io.microscaler.cluster.CapacityAction.ScaleOut;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Largest task 1024 CPU / 1024 MiB, instances of 4096 / 7680: 4 per instance. */
class HeadroomRuleTest {

    static final TaskSize LARGEST = new TaskSize(1024, 1024);
    static final InstanceSize INSTANCE = new InstanceSize(4096, 7680);
    static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    /** "4,3,0d": instances i-1… holding that many largest tasks each; d: draining. */
    static List<InstanceState> instances(String text) {
        List<InstanceState> list = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            boolean draining = p.endsWith("d");
            int n = Integer.parseInt(draining ? p.substring(0, p.length() - 1) : p);
            String id = "i-" + (list.size() + 1);
            List<PlacedTask> tasks = new ArrayList<>();
            for (int t = 1; t <= n; t++) {
                tasks.add(new PlacedTask(id + "-t" + t, "iiif", LARGEST));
            }
            list.add(new InstanceState(id, INSTANCE.cpu(), INSTANCE.memoryMiB(), INSTANCE.cpu() - n * LARGEST.cpu(),
                    INSTANCE.memoryMiB() - n * LARGEST.memoryMiB(), tasks, draining));
        }
        return list;
    }

    static String describe(CapacityAction action) {
        if (action instanceof ScaleOut out) {
            return "out +" + out.instances() + " → " + out.desiredCapacity();
        }
        if (action instanceof ScaleIn in) {
            return "in " + in.instanceId() + " → " + in.desiredCapacity();
        }
        return ((Hold) action).why().name();
    }

    @ParameterizedTest(name = "[{0}] desired {1} ({2}..{3}), low {4} high {5}, scaled {6} s ago to {7} → {8}")
    @CsvSource(delimiter = '|', textBlock = """
            # instances | desired | min | max | low | high | scaled s ago | asked | expected
            4,4         | 2 | 0 | 10 | 1 | 5 |    |   | out +1 → 3
            4,4         | 3 | 0 | 10 | 1 | 5 |    |   | LAUNCHING
            4,3         | 2 | 0 | 10 | 1 | 5 |    |   | IN_BAND
            4,4         | 2 | 0 | 2  | 1 | 5 |    |   | AT_MAX
            4,4         | 2 | 0 | 10 | 5 | 9 |    |   | out +2 → 4
            4,4         | 2 | 0 | 3  | 5 | 9 |    |   | out +1 → 3
            4,4,0       | 3 | 0 | 10 | 1 | 5 |    |   | IN_BAND
            0,0,1       | 3 | 0 | 10 | 1 | 5 |    |   | in i-1 → 2
            2,1,1       | 3 | 0 | 10 | 1 | 5 |    |   | in i-2 → 2
            0,0,1,4d    | 4 | 0 | 10 | 1 | 5 |    |   | DRAINING
            0,0,1       | 3 | 0 | 10 | 1 | 5 | 30 | 3 | COOLDOWN
            0,0,1       | 3 | 3 | 10 | 1 | 5 |    |   | AT_MIN
            0,3,3       | 3 | 0 | 10 | 4 | 5 |    |   | UNSAFE_SCALE_IN
            0,0,1       | 4 | 0 | 10 | 1 | 5 |    |   | LAUNCHING
            4,4         | 2 | 0 | 10 | 1 | 5 | 10 | 3 | LAUNCHING
            4,4         | 2 | 0 | 10 | 1 | 5 | 90 | 3 | out +1 → 3
            """)
    void decides(String instances, int desired, int min, int max, int low, int high, Integer agoSeconds, Integer asked,
                 String expected) {
        HeadroomRule rule = new HeadroomRule(new HeadroomSettings(low, high, LARGEST, INSTANCE, Duration.ofSeconds(60)));
        HeadroomMemory memory = agoSeconds == null ? HeadroomMemory.EMPTY
                : new HeadroomMemory(NOW.minusSeconds(agoSeconds), asked);

        CapacityEvaluation e = rule.evaluate(instances(instances), new GroupState(desired, min, max), memory, NOW);

        assertThat(describe(e.action())).as(e.action().message()).isEqualTo(expected);
    }

    @Test
    void aScaleOutRemembersWhatItAskedAndExplainsTheFigures() {
        HeadroomRule rule = new HeadroomRule(new HeadroomSettings(1, 5, LARGEST, INSTANCE, Duration.ofSeconds(60)));

        CapacityEvaluation e = rule.evaluate(instances("4,4"), new GroupState(2, 0, 10), HeadroomMemory.EMPTY, NOW);

        assertThat(e.headroom()).isZero();
        assertThat(e.next()).isEqualTo(new HeadroomMemory(NOW, 3));
        assertThat(e.action().message()).isEqualTo(
                "headroom 0 < low 1 (largest task 1024 CPU / 1024 MiB, 4 per instance): +1 instance, desired 2 → 3");
        CapacityEvaluation next = rule.evaluate(instances("4,4"), new GroupState(2, 0, 10), e.next(), NOW.plusSeconds(1));
        assertThat(next.launchingInstances()).isOne();
        assertThat(next.action().message()).isEqualTo("headroom 0 < low 1, but 1 instance launching brings 4");
        assertThat(next.next()).as("a hold keeps the memory").isEqualTo(e.next());
    }

    @Test
    void aScaleInNamesTheInstanceAndTheHeadroomAfterItsTasksMove() {
        HeadroomRule rule = new HeadroomRule(new HeadroomSettings(1, 5, LARGEST, INSTANCE, Duration.ofSeconds(60)));

        CapacityEvaluation e = rule.evaluate(instances("2,1,1"), new GroupState(3, 0, 10), HeadroomMemory.EMPTY, NOW);

        assertThat(e.action().message()).isEqualTo("headroom 8 > high 5: remove the emptiest instance i-2 (1 task,"
                + " 6656 MiB free), headroom 4 once its tasks have moved; desired 3 → 2");
        assertThat(e.next()).isEqualTo(new HeadroomMemory(NOW, 2));
    }

    @Test
    void noScaleInWhenTheEmptiestInstancesTasksFitNowhereElse() {
        // A big instance with one task next to a full one: headroom 15 > 5, but the task has nowhere to go.
        PlacedTask lone = new PlacedTask("t1", "iiif", LARGEST);
        List<InstanceState> list = new ArrayList<>(instances("4"));
        list.add(new InstanceState("i-big", 16384, 16384, 15360, 15360, List.of(lone), false));
        HeadroomRule rule = new HeadroomRule(new HeadroomSettings(1, 5, LARGEST, INSTANCE, Duration.ofSeconds(60)));

        CapacityEvaluation e = rule.evaluate(list, new GroupState(2, 0, 10), HeadroomMemory.EMPTY, NOW);

        assertThat(describe(e.action())).isEqualTo("UNSAFE_SCALE_IN");
        assertThat(e.action().message()).contains("i-big holds task t1 of iiif (1024 CPU / 1024 MiB), which fits on no other instance");
    }
}
