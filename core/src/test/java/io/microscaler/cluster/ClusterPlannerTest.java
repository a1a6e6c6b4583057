package io.microscaler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The planner as a table: the cluster and the wishes in, the grants and the ordered actions out (see {@link Scenario}). */
class ClusterPlannerTest {

    private static final String EMPTY = "i-1 4096/4096: ; i-2 4096/4096: ";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case | wishes | instances | grants (EC2/Fargate/held back) | actions, in order
            no contention: everything fits, binpacked on one instance \
            | iiif p100 min1 want2 1024/1024; worker p0 min1 want1 1024/1024 | """ + EMPTY + """
            | iiif 2/0/0, worker 1/0/0 \
            | start iiif@i-1, start iiif@i-1, start worker@i-1
            displacement takes the worker down to its min, not below \
            | iiif p100 min1 want3 1024/1024; worker p0 min2 want4 1024/1024 | i-1 4096/4096: worker worker worker worker \
            | iiif 2/0/1, worker 2/0/2 \
            | stop worker-1@i-1 displaced, stop worker-2@i-1 displaced, start iiif@i-1, start iiif@i-1
            two lower priorities: the lowest gives way first \
            | iiif p100 min0 want2 1024/1024; batch p10 min0 want2 1024/1024; worker p0 min0 want2 1024/1024 \
            | i-1 4096/4096: batch batch worker worker \
            | iiif 2/0/0, batch 2/0/0, worker 0/0/2 \
            | stop worker-1@i-1 displaced, stop worker-2@i-1 displaced, start iiif@i-1, start iiif@i-1
            the lowest is at its min: the next lowest gives way \
            | iiif p100 min0 want2 1024/1024; batch p10 min0 want2 1024/1024; worker p0 min2 want2 1024/1024 \
            | i-1 4096/4096: batch batch worker worker \
            | iiif 2/0/0, batch 0/0/2, worker 2/0/0 \
            | stop batch-1@i-1 displaced, stop batch-2@i-1 displaced, start iiif@i-1, start iiif@i-1
            the instance whose victims have the lowest priority is chosen \
            | iiif p100 min0 want1 1024/1024; batch p10 min0 want4 1024/1024; worker p0 min0 want4 1024/1024 \
            | i-1 4096/4096: batch batch batch batch; i-2 4096/4096: worker worker worker worker \
            | iiif 1/0/0, batch 4/0/0, worker 3/0/1 \
            | stop worker-1@i-2 displaced, start iiif@i-2
            no room and nothing to displace: Fargate overflow \
            | iiif p100 min1 want6 1024/1024 fargate | i-1 4096/4096: iiif iiif iiif iiif \
            | iiif 4/2/0 \
            | start iiif@Fargate, start iiif@Fargate
            no room, nothing to displace, no Fargate: held back \
            | iiif p100 min1 want6 1024/1024 | i-1 4096/4096: iiif iiif iiif iiif \
            | iiif 4/0/2 \
            |
            a displaced service with Fargate allowed overflows there \
            | iiif p100 min0 want2 1024/1024; worker p0 min1 want4 1024/1024 fargate | i-1 4096/4096: worker worker worker worker \
            | iiif 2/0/0, worker 2/2/0 \
            | stop worker-1@i-1 displaced, stop worker-2@i-1 displaced, start iiif@i-1, start iiif@i-1, \
              start worker@Fargate, start worker@Fargate
            fragmentation: 4096 MiB free in total, but no instance has 3072 \
            | big p100 min0 want1 1024/3072 fargate; small p100 min2 want2 1024/2048 \
            | i-1 4096/4096: small; i-2 4096/4096: small \
            | big 0/1/0, small 2/0/0 \
            | start big@Fargate
            fragmentation: a lower-priority task gives way on one instance and moves to the other \
            | big p100 min0 want1 1024/3072; small p0 min0 want2 1024/2048 | i-1 4096/4096: small; i-2 4096/4096: small \
            | big 1/0/0, small 2/0/0 \
            | stop small-1@i-1 displaced, start big@i-1, start small@i-2
            EC2 room returns: Fargate tasks are replaced, then stopped \
            | iiif p100 min0 want2 1024/1024 fargate | i-1 4096/4096: ; fargate: iiif iiif \
            | iiif 2/0/0 \
            | start iiif@i-1, start iiif@i-1, stop iiif-2@Fargate replaced-on-ec2, stop iiif-1@Fargate replaced-on-ec2
            scale-in stops Fargate tasks first, then EC2 tasks on the emptiest instance \
            | iiif p100 min0 want1 1024/1024 fargate | i-1 4096/4096: iiif iiif; i-2 4096/4096: iiif; fargate: iiif \
            | iiif 1/0/0 \
            | stop iiif-4@Fargate scale-in, stop iiif-3@i-2 scale-in, stop iiif-2@i-1 scale-in
            tasks on a draining instance are replaced, then stopped \
            | iiif p100 min0 want2 1024/1024 | i-1 4096/4096 draining: iiif iiif; i-2 4096/4096: \
            | iiif 2/0/0 \
            | start iiif@i-2, start iiif@i-2, stop iiif-1@i-1 instance-draining, stop iiif-2@i-1 instance-draining
            a lower priority never displaces a higher one \
            | iiif p100 min0 want4 1024/1024; worker p0 min0 want2 1024/1024 | i-1 4096/4096: iiif iiif iiif \
            | iiif 4/0/0, worker 0/0/2 \
            | start iiif@i-1
            tasks of services without a wish are left alone \
            | iiif p100 min0 want1 1024/1024 | i-1 4096/4096: other other other other \
            | iiif 0/0/1 \
            |
            """)
    void plansByPriority(String name, String wishes, String instances, String grants, String actions) {
        List<ServiceWish> w = Scenario.wishes(wishes);

        Allocation plan = ClusterPlanner.plan(w, Scenario.cluster(instances, w));

        assertThat(Scenario.grants(plan)).isEqualTo(grants);
        assertThat(Scenario.actions(plan)).isEqualTo(actions == null ? "" : actions.replaceAll("\\s+", " "));
    }

    @Test
    void aDisplacedServiceSaysByWhomAndAHeldBackOneSaysWhy() {
        List<ServiceWish> w = Scenario.wishes("iiif p100 min1 want3 1024/1024; worker p0 min2 want4 1024/1024");

        Allocation plan = ClusterPlanner.plan(w, Scenario.cluster("i-1 4096/4096: worker worker worker worker", w));

        Grant worker = plan.grant("worker").orElseThrow();
        assertThat(worker.reason()).contains(Reason.DISPLACED);
        assertThat(worker.displaced()).isEqualTo(2);
        assertThat(worker.displacedBy()).containsExactly("iiif");
        assertThat(worker.heldBackBy()).containsExactly("iiif");
        assertThat(worker.message()).startsWith("displaced: 2 tasks give way to iiif (priority 100); held back: 2 of 4")
                .endsWith("wanted 4: 2 on EC2, 2 held back");
        Grant iiif = plan.grant("iiif").orElseThrow();
        assertThat(iiif.reason()).contains(Reason.CAPACITY_HELD_BACK);
        assertThat(iiif.heldBackBy()).isEmpty();
        assertThat(iiif.message()).contains("held back: 1 of 3 wanted tasks fit nowhere (the cluster is full; Fargate not allowed)");
    }

    @Test
    void overflowAndAllOnEc2HaveTheirOwnReasons() {
        List<ServiceWish> w = Scenario.wishes("iiif p100 min1 want5 1024/1024 fargate; api p50 min1 want1 256/256");

        Allocation plan = ClusterPlanner.plan(w, Scenario.cluster("i-1 4096/4096: iiif iiif iiif; i-2 512/512: ", w));

        assertThat(plan.grant("iiif").orElseThrow().reason()).contains(Reason.FARGATE_OVERFLOW);
        assertThat(plan.grant("iiif").orElseThrow().message()).isEqualTo(
                "overflow: 1 on Fargate, EC2 has no room; wanted 5: 4 on EC2, 1 on Fargate");
        assertThat(plan.grant("api").orElseThrow().reason()).isEmpty();
        assertThat(plan.grant("api").orElseThrow().message()).isEqualTo("wanted 1: 1 on EC2");
        assertThat(Scenario.actions(plan)).isEqualTo("start iiif@i-1, start iiif@Fargate, start api@i-2");
    }

    @Test
    void stopsThatMakeRoomComeBeforeStartsAndReplacedOnesAfter() {
        List<ServiceWish> w = Scenario.wishes("iiif p100 min0 want3 1024/1024 fargate; worker p0 min0 want4 1024/1024");

        Allocation plan = ClusterPlanner.plan(w, Scenario.cluster(
                "i-1 4096/4096: worker worker worker worker; i-2 4096/4096 draining: worker", w));

        List<PlannedAction> actions = plan.actions();
        int lastRoomStop = -1;
        int firstStart = actions.size();
        int lastStart = -1;
        int firstLateStop = actions.size();
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i) instanceof PlannedAction.Stop s) {
                if (s.afterReplacement()) {
                    firstLateStop = Math.min(firstLateStop, i);
                } else {
                    lastRoomStop = i;
                }
            } else {
                firstStart = Math.min(firstStart, i);
                lastStart = i;
            }
        }
        assertThat(plan.stops()).hasSize(4);
        assertThat(plan.starts()).hasSize(3);
        assertThat(lastRoomStop).isLessThan(firstStart);
        assertThat(lastStart).isLessThan(firstLateStop);
    }
}
