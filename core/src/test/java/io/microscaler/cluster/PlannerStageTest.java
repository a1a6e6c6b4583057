package io.microscaler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.schedule.Cron;
import io.microscaler.schedule.Schedule;
import io.microscaler.schedule.Schedules;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PlannerStageTest {

    static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");
    static final TaskSize SIZE = new TaskSize(256, 512);
    static final Map<String, PlannerStage.Service> SERVICES = Map.of(
            "iiif", new PlannerStage.Service(100, 1, SIZE, false),
            "worker", new PlannerStage.Service(0, 1, SIZE, false));

    /** One instance of 1024 CPU / 2048 MiB holding these tasks (4 fill it). */
    static ClusterState cluster(int iiif, int worker) {
        List<PlacedTask> tasks = new ArrayList<>();
        for (int i = 0; i < iiif; i++) {
            tasks.add(new PlacedTask("iiif-" + i, "iiif", SIZE));
        }
        for (int i = 0; i < worker; i++) {
            tasks.add(new PlacedTask("worker-" + i, "worker", SIZE));
        }
        return ClusterState.of(List.of(new InstanceState("i-1", 1024, 2048, 1024 - 256 * tasks.size(),
                2048 - 512 * tasks.size(), tasks, false)));
    }

    static Decision wish(String service, long seq, int from, int to) {
        return new Decision(service, NOW, seq, from, to, "target-tracking", Reason.TARGET_TRACKING, "wants " + to, Map.of());
    }

    @Test
    void aHigherPriorityWishDisplacesTheWorkerAndItsScaleInGoesFirst() {
        PlannerStage stage = new PlannerStage(SERVICES);
        stage.cluster(cluster(1, 3), NOW);
        stage.wish(wish("worker", 1, 3, 3), NOW);
        stage.wish(wish("iiif", 1, 1, 1), NOW);

        PlannerStage.Outcome out = stage.wish(wish("iiif", 2, 1, 3), NOW);

        assertThat(out.apply()).extracting(Decision::service, Decision::from, Decision::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("worker", 3, 1),
                        org.assertj.core.groups.Tuple.tuple("iiif", 1, 3));
        Decision worker = out.apply().get(0);
        assertThat(worker.policy()).isEqualTo(PlannerStage.POLICY);
        assertThat(worker.reason()).isEqualTo(Reason.DISPLACED);
        assertThat(worker.message()).contains("2 tasks give way to iiif (priority 100)");
        assertThat(worker.inputs()).containsEntry("wanted", 3.0).containsEntry("displaced", 2.0);
        assertThat(out.apply().get(1).policy()).isEqualTo("target-tracking");
        assertThat(out.announce()).singleElement().satisfies(d -> {
            assertThat(d.service()).isEqualTo("worker");
            assertThat(d.reason()).isEqualTo(Reason.DISPLACED);
        });
    }

    @Test
    void withRoomTheWishGoesThroughUnchanged() {
        PlannerStage stage = new PlannerStage(SERVICES);
        stage.cluster(cluster(1, 1), NOW);
        stage.wish(wish("worker", 1, 1, 1), NOW);

        PlannerStage.Outcome out = stage.wish(wish("iiif", 7, 1, 3), NOW);

        assertThat(out.apply()).singleElement().satisfies(d -> {
            assertThat(d.policy()).isEqualTo("target-tracking");
            assertThat(d.to()).isEqualTo(3);
            assertThat(d.seq()).isEqualTo(7);
        });
        assertThat(out.announce()).isEmpty();
    }

    @Test
    void aRepeatedPlanOnTheSameClusterSendsNothingNew() {
        PlannerStage stage = new PlannerStage(SERVICES);
        stage.cluster(cluster(1, 3), NOW);
        stage.wish(wish("worker", 1, 3, 3), NOW);
        stage.wish(wish("iiif", 1, 1, 3), NOW);

        assertThat(stage.cluster(cluster(1, 3), NOW)).isEqualTo(PlannerStage.Outcome.NONE);
        assertThat(stage.wish(wish("iiif", 2, 1, 3), NOW)).isEqualTo(PlannerStage.Outcome.NONE);
    }

    @Test
    void midChangeWhileDisplacedTasksStillHoldTheirRoomTheScaleOutIsNotTakenBack() {
        PlannerStage stage = new PlannerStage(SERVICES);
        stage.cluster(cluster(1, 3), NOW);
        stage.wish(wish("worker", 1, 3, 3), NOW);
        stage.wish(wish("iiif", 1, 1, 3), NOW);
        // The worker's two stopping tasks are no longer listed, but still hold their CPU and memory.
        ClusterState stopping = ClusterState.of(List.of(new InstanceState("i-1", 1024, 2048, 0, 0,
                List.of(new PlacedTask("iiif-0", "iiif", SIZE), new PlacedTask("worker-0", "worker", SIZE)), false)));

        assertThat(stage.cluster(stopping, NOW)).isEqualTo(PlannerStage.Outcome.NONE);
    }

    @Test
    void aWishBeyondWhatLowerPrioritiesCanGiveIsHeldBackAndSaysSo() {
        PlannerStage stage = new PlannerStage(SERVICES);
        stage.cluster(cluster(3, 1), NOW);
        stage.wish(wish("worker", 1, 1, 1), NOW);

        PlannerStage.Outcome out = stage.wish(wish("iiif", 1, 3, 5), NOW);

        assertThat(out.apply()).isEmpty(); // 3 run and 3 is all it gets: nothing to change
        assertThat(out.announce()).singleElement().satisfies(d -> {
            assertThat(d.service()).isEqualTo("iiif");
            assertThat(d.from()).isEqualTo(3);
            assertThat(d.to()).isEqualTo(3);
            assertThat(d.reason()).isEqualTo(Reason.CAPACITY_HELD_BACK);
            assertThat(d.message()).contains("held back: 2 of 5");
        });
    }

    @Test
    void beforeTheFirstClusterReadAndForUnplannedServicesDecisionsPassThrough() {
        PlannerStage stage = new PlannerStage(SERVICES);
        assertThat(stage.wish(wish("iiif", 4, 1, 9), NOW).apply()).extracting(Decision::to).containsExactly(9);
        stage.cluster(cluster(1, 1), NOW);
        assertThat(stage.wish(wish("tiles", 2, 1, 50), NOW).apply()).extracting(Decision::to).containsExactly(50);
    }

    @Test
    void everyDecisionSentForAServiceHasAHigherSeqThanTheOneBefore() {
        PlannerStage stage = new PlannerStage(SERVICES);
        stage.cluster(cluster(0, 0), NOW);
        List<Long> seqs = new ArrayList<>();
        for (int to = 1; to <= 4; to++) {
            stage.wish(wish("iiif", 0, to - 1, to), NOW).apply().forEach(d -> seqs.add(d.seq()));
        }
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aServiceThatNeverDecidedIsPlannedAtTheCountItRunsAndCanBeDisplaced() {
        PlannerStage stage = new PlannerStage(SERVICES);
        stage.cluster(cluster(1, 3), NOW);
        // The worker holds steady: no decision, only the actuator's read of its 3 tasks.
        assertThat(stage.observed("worker", 3, NOW).apply()).as("its own count changes nothing").isEmpty();
        stage.wish(wish("iiif", 1, 1, 1), NOW);

        PlannerStage.Outcome out = stage.wish(wish("iiif", 2, 1, 3), NOW);

        assertThat(out.apply()).extracting(Decision::service, Decision::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("worker", 1), org.assertj.core.groups.Tuple.tuple("iiif", 3));
        assertThat(out.apply().get(0).reason()).isEqualTo(Reason.DISPLACED);
        // and when iiif lets go, the worker gets back the 3 it ran
        assertThat(stage.wish(wish("iiif", 3, 3, 1), NOW).apply()).extracting(Decision::service, Decision::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("iiif", 1), org.assertj.core.groups.Tuple.tuple("worker", 3));
    }

    @Test
    void aReadCountNeverOverridesAWishAndUnplannedServicesAreIgnored() {
        PlannerStage stage = new PlannerStage(SERVICES);
        stage.cluster(cluster(1, 2), NOW);
        stage.wish(wish("worker", 1, 2, 2), NOW);

        assertThat(stage.observed("worker", 1, NOW)).isEqualTo(PlannerStage.Outcome.NONE);
        assertThat(stage.observed("elsewhere", 5, NOW)).isEqualTo(PlannerStage.Outcome.NONE);
        // the wish of 2 still stands: iiif asking for 3 of the 4 slots leaves the worker 1, displaced from 2
        PlannerStage.Outcome out = stage.wish(wish("iiif", 1, 1, 3), NOW);
        assertThat(out.apply()).extracting(Decision::service, Decision::from, Decision::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("worker", 2, 1), org.assertj.core.groups.Tuple.tuple("iiif", 1, 3));
    }

    @Test
    void aHoldWhileTheCountIsUnknownIsNotAWishAndReadsCountUntilThePlannerActs() {
        PlannerStage stage = new PlannerStage(SERVICES);
        stage.cluster(cluster(0, 3), NOW);
        stage.observed("worker", 0, NOW); // read before its first tasks were asked for
        assertThat(stage.wish(Decision.hold("worker", NOW, 0, "target-tracking", Reason.CAPACITY_UNKNOWN, "unknown"), NOW))
                .isEqualTo(PlannerStage.Outcome.NONE);
        stage.observed("worker", 3, NOW); // the next read: the 3 it runs is its wish now

        PlannerStage.Outcome out = stage.wish(wish("iiif", 1, 0, 3), NOW);
        assertThat(out.apply()).extracting(Decision::service, Decision::from, Decision::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("worker", 3, 1), org.assertj.core.groups.Tuple.tuple("iiif", 0, 3));
        // after the planner sent the worker 1, reading 1 back is the grant, not a smaller wish
        stage.observed("worker", 1, NOW);
        assertThat(stage.wish(wish("iiif", 2, 3, 1), NOW).apply()).extracting(Decision::service, Decision::to)
                .contains(org.assertj.core.groups.Tuple.tuple("worker", 3));
    }

    @Test
    void aTakingOverPlannerRestoresEveryWishAndSendsNothingUntilItPlansThemAllTogether() {
        // The previous leader had displaced the worker to 1 for iiif's 3; the worker still wishes 3.
        PlannerStage stage = new PlannerStage(SERVICES, 5_000);
        stage.restore(List.of(wish("worker", 9, 3, 3), wish("iiif", 4, 1, 3)), Map.of("worker", 1, "iiif", 3), NOW);

        PlannerStage.Outcome out = stage.cluster(cluster(3, 1), NOW);

        // Planned together the grants are what runs: nothing to apply, and no wish planned alone
        // (the worker's 3, before iiif is known) gets through; the previous leader announced the
        // displacement already.
        assertThat(out).isEqualTo(PlannerStage.Outcome.NONE);
        // The restored counts are the plan's: when iiif wants one task fewer, its scale-in goes
        // first and the worker, still wishing 3, gets the room it frees (4 tasks fill the instance).
        assertThat(stage.wish(wish("iiif", 5, 3, 2), NOW).apply()).extracting(Decision::service, Decision::from, Decision::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("iiif", 3, 2),
                        org.assertj.core.groups.Tuple.tuple("worker", 1, 2));
    }

    @Test
    void aTakingOverPlannerNumbersAboveItsFloorSoTheActuatorsDoNotDropItsDecisionsAsStale() {
        PlannerStage stage = new PlannerStage(SERVICES, 5_000);
        stage.cluster(cluster(1, 1), NOW);
        stage.wish(wish("worker", 1, 1, 1), NOW);

        PlannerStage.Outcome first = stage.wish(wish("iiif", 7, 1, 2), NOW);
        PlannerStage.Outcome second = stage.wish(wish("iiif", 8, 2, 3), NOW);

        assertThat(first.apply()).singleElement().extracting(Decision::seq).isEqualTo(5_000L);
        assertThat(second.apply()).singleElement().extracting(Decision::seq).isEqualTo(5_001L);
    }

    @Test
    void anOwnerThatReadsAnotherCountThanTheOneSentGetsItAgain() {
        PlannerStage stage = new PlannerStage(SERVICES);
        stage.cluster(cluster(1, 1), NOW);
        stage.wish(wish("worker", 1, 1, 1), NOW);
        Decision sent = stage.wish(wish("iiif", 7, 1, 3), NOW).apply().get(0);

        // The grant went to an instance that lost the service: the new owner reads the old count.
        PlannerStage.Outcome out = stage.observed("iiif", 1, NOW.plusSeconds(5));
        // The grant reached it: the read shows it, nothing more to send.
        PlannerStage.Outcome settled = stage.observed("iiif", 3, NOW.plusSeconds(6));

        assertThat(out.apply()).singleElement().satisfies(d -> {
            assertThat(d.from()).isEqualTo(1);
            assertThat(d.to()).isEqualTo(3);
            assertThat(d.seq()).isGreaterThan(sent.seq());
            assertThat(d.message()).isEqualTo(sent.message());
        });
        assertThat(settled).isEqualTo(PlannerStage.Outcome.NONE);
    }

    @Test
    void aWishOfAnEarlierOwnerArrivingLateIsNotPlanned() {
        PlannerStage stage = new PlannerStage(SERVICES);
        stage.cluster(cluster(1, 1), NOW);
        stage.wish(wish("worker", 1, 1, 1), NOW);
        // The new owner numbers from its takeover (a later seq) and asks for 2.
        stage.wish(wish("iiif", 2_000, 1, 2), NOW);

        PlannerStage.Outcome late = stage.wish(wish("iiif", 1_500, 2, 3), NOW);

        assertThat(late).isEqualTo(PlannerStage.Outcome.NONE);
    }

    @Test
    void whileItsScheduleIsActiveAServiceIsNotDisplacedBelowTheSchedulesMinimum() {
        // the worker's night window (22:00–06:00 UTC) holds at least 3; at 15:00 its own minimum of 1 holds
        Schedule night = new Schedule("night", Cron.parse("0 22 * * *"), Cron.parse("0 6 * * *"), ZoneOffset.UTC,
                OptionalInt.of(3), OptionalInt.empty());
        Map<String, PlannerStage.Service> services = Map.of(
                "iiif", new PlannerStage.Service(100, 1, SIZE, false),
                "worker", new PlannerStage.Service(0, 1, SIZE, false, new Schedules(List.of(night))));
        Instant twoAm = Instant.parse("2026-11-24T02:00:00Z");

        PlannerStage atNight = new PlannerStage(services);
        atNight.cluster(cluster(1, 3), twoAm);
        atNight.wish(wish("worker", 1, 3, 3), twoAm);
        atNight.wish(wish("iiif", 1, 1, 1), twoAm);
        PlannerStage.Outcome night3 = atNight.wish(wish("iiif", 2, 1, 3), twoAm);

        PlannerStage byDay = new PlannerStage(services);
        byDay.cluster(cluster(1, 3), NOW);
        byDay.wish(wish("worker", 1, 3, 3), NOW);
        byDay.wish(wish("iiif", 1, 1, 1), NOW);
        PlannerStage.Outcome day = byDay.wish(wish("iiif", 2, 1, 3), NOW);

        assertThat(night3.apply()).as("nothing of the worker's 3 gives way: iiif is held back")
                .noneMatch(d -> d.service().equals("worker"));
        assertThat(night3.announce()).anySatisfy(d -> {
            assertThat(d.service()).isEqualTo("iiif");
            assertThat(d.to()).isEqualTo(1);
        });
        assertThat(day.apply()).extracting(Decision::service, Decision::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("worker", 1), org.assertj.core.groups.Tuple.tuple("iiif", 3));
    }
}
