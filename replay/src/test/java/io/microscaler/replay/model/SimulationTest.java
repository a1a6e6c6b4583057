package io.microscaler.replay.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service model against cases computed by hand. Arrivals are evenly spaced (second + i / n) and
 * service times fixed (jitter 0), so every latency is known in advance.
 */
class SimulationTest {

    /** concurrency, service ms, queue per task, start delay; bounds 1..10, jitter 0. */
    private static ServiceModel model(int concurrency, double serviceMs, int queuePerTask, int startDelay) {
        return new ServiceModel(concurrency, serviceMs, 0, queuePerTask, startDelay, 1, 10, 0.7);
    }

    private static Timeline run(ServiceModel m, int[] requests, Autoscaler a, int initialTasks) {
        return new Simulation(m, requests, a, initialTasks, 1, Arrivals.evenlySpaced()).run();
    }

    @Test
    void underCapacityNoRequestWaitsAndP95IsTheServiceTime() {
        // 4 slots of 40 ms and 4 requests a second: never more than 4 at once
        ScriptedAutoscaler a = ScriptedAutoscaler.holding();
        Timeline t = run(model(4, 40, 100, 20), new int[] {4, 4, 4, 4, 4}, a, 1);
        for (int s = 0; s < 5; s++) {
            assertThat(t.p95Ms(s)).isCloseTo(40f, within(1e-3f));
            assertThat(t.dropped(s)).isZero();
        }
        assertThat(a.requests).hasSize(20).allSatisfy(r -> assertThat(r[1]).isCloseTo(40, within(1e-6)));
    }

    @Test
    void aLoadAtExactlyCapacityKeepsEverySlotBusyWithoutQueueing() {
        // 1 task × 4 slots / 40 ms = 100 requests/s; 100 arrive a second, one every 10 ms: each
        // arrival finds the slot the request 40 ms before it has just freed
        ScriptedAutoscaler a = ScriptedAutoscaler.holding();
        int[] load = new int[10];
        java.util.Arrays.fill(load, 100);
        Timeline t = run(model(4, 40, 100, 20), load, a, 1);
        for (int s = 0; s < 10; s++) {
            assertThat(t.p95Ms(s)).isCloseTo(40f, within(1e-3f));
        }
        // Requests in the system: 1, 2, 3 for the first 10 ms each, then 4: 0.06 + 0.97 × 4 = 3.94
        assertThat(a.seconds.get(0).meanInSystem()).isCloseTo(3.94, within(1e-6));
        assertThat(a.seconds.get(5).meanInSystem()).isCloseTo(4.0, within(1e-6));
        assertThat(a.seconds.get(5).completed()).isEqualTo(100);
    }

    @Test
    void aBurstFillsTheQueueAndTheRestIsDropped() {
        // 1 slot, 1 s service, 2 may wait: 5 arrive at 0, 0.2, 0.4, 0.6, 0.8
        ScriptedAutoscaler a = ScriptedAutoscaler.holding();
        Timeline t = run(model(1, 1000, 2, 20), new int[] {5, 0, 0, 0}, a, 1);
        // r0 served 0→1 (1,000 ms); r1 waits until 1, served 1→2 (1,800 ms); r2 served 2→3 (2,600 ms)
        assertThat(a.requests).filteredOn(r -> r[2] == 0).extracting(r -> r[1])
                .containsExactly(1000.0, 1800.0, 2600.0);
        // r3 and r4 find 2 waiting: dropped, at their arrival
        assertThat(t.dropped(0)).isEqualTo(2);
        assertThat(a.requests).filteredOn(r -> r[2] == 1).extracting(r -> r[0]).containsExactly(0.6, 0.8);
        // p95 of {1000, 1800, 2600, ∞, ∞} is the 5th: infinite, a violation whatever the SLO
        assertThat(t.p95Ms(0)).isInfinite();
        assertThat(t.completed(0)).isZero();
        assertThat(t.completed(1)).isEqualTo(1);
        assertThat(t.completed(2)).isEqualTo(1);
        assertThat(t.completed(3)).isEqualTo(1);
        // In the system: 1 for 0.2 s, 2 for 0.2 s, 3 for 0.6 s = 2.4; then 2, 1, 0
        double[] expected = {2.4, 2.0, 1.0, 0.0};
        assertThat(a.seconds).hasSize(4);
        for (int s = 0; s < 4; s++) {
            assertThat(a.seconds.get(s).meanInSystem()).isCloseTo(expected[s], within(1e-9));
        }
    }

    @Test
    void aNewTaskServesOnlyAfterTheStartDelayAndThenTakesTheQueue() {
        // 1 slot, 10 s service, start delay 2 s; a second task asked for at second 0
        ScriptedAutoscaler a = new ScriptedAutoscaler(Map.of(0L, 2));
        Timeline t = run(model(1, 10_000, 5, 2), new int[] {2, 0, 0, 0, 0}, a, 1);
        assertThat(t.desired(0)).isEqualTo(2);
        assertThat(new int[] {t.running(0), t.running(1), t.running(2)}).containsExactly(1, 1, 2);
        assertThat(new int[] {t.pending(0), t.pending(1), t.pending(2)}).containsExactly(1, 1, 0);
        // r1 arrived at 0.5 and waited for the new task, ready at 2: 1.5 s + 10 s
        assertThat(a.requests).extracting(r -> r[1]).containsExactlyInAnyOrder(10_000.0, 11_500.0);
        assertThat(t.p95Ms(0)).isEqualTo(11_500f);
        assertThat(a.counts.get(1)).isEqualTo(new TaskCounts(2, 1, 1));
    }

    @Test
    void scaleInDrainsATaskWhichFinishesItsRequestsButTakesNoNewOne() {
        // 2 tasks × 1 slot, 3 s service; r0 (at 0) on task A, r1 (at 0.5) on task B; scale to 1 at second 1
        ScriptedAutoscaler a = new ScriptedAutoscaler(Map.of(1L, 1));
        Timeline t = run(model(1, 3000, 5, 20), new int[] {2, 0, 1, 0, 0, 0, 0, 0}, a, 2);
        assertThat(t.running(1)).isEqualTo(1);
        // Both in-flight requests complete in 3 s; the drained task (A, done at 3) does not take r2 (at 2):
        // r2 waits for B, free at 3.5: 1.5 s + 3 s
        assertThat(a.requests).extracting(r -> r[1]).containsExactly(3000.0, 3000.0, 4500.0);
        assertThat(t.p95Ms(2)).isEqualTo(4500f);
    }

    @Test
    void scaleInCancelsStartingTasksBeforeRunningOnes() {
        ScriptedAutoscaler a = new ScriptedAutoscaler(Map.of(0L, 3, 1L, 2));
        Timeline t = run(model(1, 100, 5, 10), new int[] {0, 0, 0}, a, 1);
        assertThat(new int[] {t.running(0), t.pending(0)}).containsExactly(1, 2);
        assertThat(new int[] {t.running(1), t.pending(1)}).containsExactly(1, 1);
    }

    @Test
    void theDesiredCountIsKeptWithinTheModelsBounds() {
        ScriptedAutoscaler a = new ScriptedAutoscaler(Map.of(0L, 50, 2L, 0));
        Timeline t = run(model(1, 100, 5, 0), new int[] {0, 0, 0}, a, 1);
        assertThat(t.desired(0)).isEqualTo(10);
        assertThat(t.running(0)).isEqualTo(10); // a start delay of 0 serves at once
        assertThat(t.desired(2)).isEqualTo(1);
    }

    @Test
    void everyPolicySeesTheSameRequestsForTheSameSeed() {
        ServiceModel m = ServiceModel.DEFAULTS;
        int[] load = {50, 120, 80, 300, 10};
        ScriptedAutoscaler a = ScriptedAutoscaler.holding();
        ScriptedAutoscaler b = new ScriptedAutoscaler(Map.of(3L, 2));
        new Simulation(m, load, a, 1, 42).run();
        new Simulation(m, load, b, 1, 42).run();
        // Same arrivals and service times: identical until the second task would serve (start delay 20 s)
        assertThat(b.requests).hasSameSizeAs(a.requests);
        for (int i = 0; i < a.requests.size(); i++) {
            assertThat(b.requests.get(i)).containsExactly(a.requests.get(i));
        }
    }
}
