package io.microscaler.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceTasksTest {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final String I = "i-0123456789abcdef0";

    private final ServiceTasks tasks = new ServiceTasks("iiif", new LaunchBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8)));

    private TrackedTask task(String arn, TaskPhase phase, TargetHealth health, int port) {
        TrackedTask t = new TrackedTask(arn, LaunchType.EC2, T0, "ci-1");
        if (phase != TaskPhase.STARTING) {
            t.running(new TaskTarget(I, port));
        }
        if (phase == TaskPhase.REGISTERED || phase == TaskPhase.DRAINING) {
            t.registered();
            t.health(health);
        }
        if (phase == TaskPhase.DRAINING) {
            t.draining(T0);
        }
        tasks.track(t);
        return t;
    }

    @Test
    void healthyRegisteredTasksRunTheRestIsPendingAndDrainingIsNeither() {
        tasks.desired(5);
        task("starting", TaskPhase.STARTING, null, 0);
        task("running", TaskPhase.RUNNING, null, 32768);
        task("initial", TaskPhase.REGISTERED, TargetHealth.INITIAL, 32769);
        task("healthy", TaskPhase.REGISTERED, TargetHealth.HEALTHY, 32770);
        task("unhealthy", TaskPhase.REGISTERED, TargetHealth.UNHEALTHY, 32771);
        task("draining", TaskPhase.DRAINING, TargetHealth.HEALTHY, 32772);

        assertThat(tasks.counts()).isEqualTo(new TaskCounts(5, 1, 4, 1, Optional.empty()));
        assertThat(tasks.counts().capacity().pending()).isEqualTo(4);
        assertThat(tasks.plan(T0)).isEqualTo(new TaskPlan(0, 0, 0, 0));
        assertThat(tasks.inProgress()).isTrue();
    }

    @Test
    void withoutADesiredCountTheActiveTasksAreTheWish() {
        task("healthy", TaskPhase.REGISTERED, TargetHealth.HEALTHY, 32768);
        task("starting", TaskPhase.STARTING, null, 0);

        assertThat(tasks.counts().desired()).isEqualTo(2);
        assertThat(tasks.plan(T0).idle()).isTrue();
    }

    @Test
    void aLaunchFailureHoldsLaunchesBackAndIsReportedUntilTheServiceIsWhole() {
        tasks.desired(2);
        TrackedTask first = task("a", TaskPhase.REGISTERED, TargetHealth.HEALTHY, 32768);
        LaunchFailure noRoom = new LaunchFailure("RESOURCE:MEMORY", "1 of 2 not placed", T0);
        tasks.launchFailed(noRoom);

        assertThat(tasks.plan(T0.plusMillis(500))).isEqualTo(new TaskPlan(0, 0, 0, 1));
        assertThat(tasks.plan(T0.plusSeconds(1))).isEqualTo(new TaskPlan(0, 1, 0, 0));
        assertThat(tasks.counts().lastFailure()).contains(noRoom);
        assertThat(noRoom.noRoom()).isTrue();

        tasks.settleIfWhole(); // 1 of 2 serving: not whole yet
        assertThat(tasks.counts().lastFailure()).contains(noRoom);

        task("b", TaskPhase.REGISTERED, TargetHealth.HEALTHY, 32769);
        tasks.settleIfWhole();
        assertThat(tasks.counts().lastFailure()).isEmpty();
        assertThat(tasks.backoff().failures()).isZero();
        assertThat(first.serving()).isTrue();
    }

    @Test
    void onlyEc2TasksAreTakenBackWhileDrainingTheLatestToDrainFirst() {
        tasks.desired(3);
        TrackedTask early = task("early", TaskPhase.DRAINING, TargetHealth.HEALTHY, 32768);
        TrackedTask late = task("late", TaskPhase.DRAINING, TargetHealth.HEALTHY, 32769);
        late.draining(T0.plusSeconds(5));
        TrackedTask fargate = new TrackedTask("fargate", LaunchType.FARGATE, T0, null);
        fargate.running(new TaskTarget("10.0.0.7", 8080));
        fargate.registered();
        fargate.draining(T0.plusSeconds(9));
        tasks.track(fargate);

        assertThat(tasks.reclaimable()).containsExactly(late, early);
        assertThat(tasks.plan(T0.plusSeconds(10))).isEqualTo(new TaskPlan(2, 1, 0, 0));
    }

    @Test
    void aDrainingTaskTakenBackIsRegisteredAgainAndHealthCheckedAfresh() {
        TrackedTask t = task("a", TaskPhase.DRAINING, TargetHealth.HEALTHY, 32768);
        assertThat(t.drainingSince()).contains(T0);

        t.registered();

        assertThat(t.phase()).isEqualTo(TaskPhase.REGISTERED);
        assertThat(t.health()).isEqualTo(TargetHealth.INITIAL);
        assertThat(t.drainingSince()).isEmpty();
        assertThat(t.serving()).isFalse();
    }

    @Test
    void fargateTasksAreReplacedOnEc2OnceEc2MayHaveRoomAndTheReplacementsCountOnlyWhenTheyServe() {
        tasks.desired(3);
        task("ec2", TaskPhase.REGISTERED, TargetHealth.HEALTHY, 32768);
        fargate("f1");
        fargate("f2");
        tasks.ec2Full(T0); // 1 s back-off

        assertThat(tasks.toReplace(T0.plusMillis(500), true)).as("EC2 was just found full").isZero();
        assertThat(tasks.toReplace(T0.plusSeconds(1), true)).isEqualTo(2);

        TrackedTask replacement = new TrackedTask("r1", LaunchType.EC2, T0, "ci-2").asReplacement();
        tasks.track(replacement);
        assertThat(tasks.toReplace(T0.plusSeconds(1), true)).as("one is being replaced").isEqualTo(1);
        assertThat(tasks.activeCount()).as("a replacement on its way is not one of the 3").isEqualTo(3);
        assertThat(tasks.plan(T0.plusSeconds(1)).idle()).isTrue();
        assertThat(tasks.starting()).containsExactly(replacement);
        assertThat(tasks.counts()).isEqualTo(new TaskCounts(3, 3, 1, 0, Optional.empty()));

        replacement.running(new TaskTarget("127.0.0.9", 8080));
        replacement.registered();
        replacement.health(TargetHealth.HEALTHY);
        assertThat(replacement.replacement()).isFalse();
        assertThat(tasks.activeCount()).isEqualTo(4);
        assertThat(tasks.plan(T0.plusSeconds(1))).as("one too many: scale-in stops a Fargate task")
                .isEqualTo(new TaskPlan(0, 0, 1, 0));
        assertThat(tasks.toReplace(T0.plusSeconds(1), true)).as("not while the service is changing").isZero();
    }

    @Test
    void ec2PlacingEveryTaskEndsTheEc2BackOff() {
        tasks.ec2Full(T0);
        tasks.ec2Full(T0); // 2 s
        assertThat(tasks.ec2Room().allows(T0.plusSeconds(1))).isFalse();
        tasks.ec2Placed();
        assertThat(tasks.ec2Room().allows(T0)).isTrue();
        assertThat(tasks.backoff().failures()).as("launches are not held back by it").isZero();
    }

    private void fargate(String arn) {
        TrackedTask t = new TrackedTask(arn, LaunchType.FARGATE, T0, null);
        t.running(new TaskTarget("127.0.0.1" + arn.charAt(1), 8080));
        t.registered();
        t.health(TargetHealth.HEALTHY);
        tasks.track(t);
    }

    @Test
    void servingTasksOnADrainingInstanceAreReplacedWhateverTheEc2BackOff() {
        tasks.desired(3);
        task("a", TaskPhase.REGISTERED, TargetHealth.HEALTHY, 32768); // on ci-1
        task("b", TaskPhase.REGISTERED, TargetHealth.HEALTHY, 32769); // on ci-1
        task("starting", TaskPhase.STARTING, null, 0);                // on ci-1, not serving: nothing to replace yet
        tasks.ec2Full(T0);

        assertThat(tasks.toReplace(T0, false)).as("nothing is draining").isZero();
        tasks.instancesDraining(java.util.Set.of("ci-1"));
        assertThat(tasks.leaving()).isEqualTo(2);
        assertThat(tasks.toReplace(T0, false)).isEqualTo(2);
        tasks.track(new TrackedTask("r", LaunchType.EC2, T0, "ci-2").asReplacement());
        assertThat(tasks.toReplace(T0, false)).isEqualTo(1);
        tasks.desired(4);
        assertThat(tasks.toReplace(T0, false)).as("a launch comes first").isZero();
    }

    @Test
    void noRoomWaitsTheBaseEveryTimeWhileOtherFailuresDouble() {
        tasks.desired(1);
        tasks.launchFailed(new LaunchFailure("RESOURCE:CPU", "", T0));
        tasks.launchFailed(new LaunchFailure("RESOURCE:CPU", "", T0));
        assertThat(tasks.backoff().notBefore()).contains(T0.plusSeconds(1));

        tasks.launchFailed(new LaunchFailure(LaunchFailure.TASK_STOPPED, "crashed", T0));
        assertThat(tasks.backoff().notBefore()).as("the third failure in a row, and the service's own")
                .contains(T0.plusSeconds(4));
    }
}
