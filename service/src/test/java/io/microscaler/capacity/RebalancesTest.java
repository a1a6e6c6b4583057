package io.microscaler.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.actuate.aws.ClusterView;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RebalancesTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private final Rebalances rebalances = new Rebalances();

    @Test
    void drainsTheInstanceOnlyOnceItsReplacementHasJoined() {
        assertThat(rebalances.recommend(cluster("i-1:ACTIVE", "i-2:ACTIVE"), "i-1", T0)).as("ask for one more").isTrue();

        // the group is launching: nothing has joined yet
        assertThat(rebalances.readyToDrain(cluster("i-1:ACTIVE", "i-2:ACTIVE"))).isEmpty();
        assertThat(rebalances.isPending("i-1")).isTrue();

        // i-3 joined: drain i-1, once
        assertThat(rebalances.readyToDrain(cluster("i-1:ACTIVE", "i-2:ACTIVE", "i-3:ACTIVE")))
                .extracting(ClusterView.Instance::ec2InstanceId).containsExactly("i-1");
        assertThat(rebalances.readyToDrain(cluster("i-1:ACTIVE", "i-2:ACTIVE", "i-3:ACTIVE"))).isEmpty();
        assertThat(rebalances.any()).isFalse();
    }

    @Test
    void aReplacementStillRegisteringOrDrainingDoesNotCount() {
        rebalances.recommend(cluster("i-1:ACTIVE", "i-2:ACTIVE"), "i-1", T0);

        assertThat(rebalances.readyToDrain(cluster("i-1:ACTIVE", "i-2:ACTIVE", "i-3:REGISTERING"))).isEmpty();
        assertThat(rebalances.readyToDrain(cluster("i-1:ACTIVE", "i-2:DRAINING", "i-3:DRAINING"))).isEmpty();
    }

    @Test
    void twoInstancesAtRiskWaitForTwoReplacements() {
        ClusterView before = cluster("i-1:ACTIVE", "i-2:ACTIVE", "i-3:ACTIVE");
        assertThat(rebalances.recommend(before, "i-1", T0)).isTrue();
        assertThat(rebalances.recommend(before, "i-2", T0.plusSeconds(1))).isTrue();

        assertThat(rebalances.readyToDrain(cluster("i-1:ACTIVE", "i-2:ACTIVE", "i-3:ACTIVE", "i-4:ACTIVE")))
                .extracting(ClusterView.Instance::ec2InstanceId).containsExactly("i-1");
        assertThat(rebalances.isPending("i-2")).as("i-4 is i-1's").isTrue();
        assertThat(rebalances.readyToDrain(cluster("i-1:DRAINING", "i-2:ACTIVE", "i-3:ACTIVE", "i-4:ACTIVE", "i-5:ACTIVE")))
                .extracting(ClusterView.Instance::ec2InstanceId).containsExactly("i-2");
    }

    @Test
    void aDuplicateAnUnknownOrADrainingInstanceNeedsNothing() {
        ClusterView view = cluster("i-1:ACTIVE", "i-2:DRAINING");
        assertThat(rebalances.recommend(view, "i-1", T0)).isTrue();
        assertThat(rebalances.recommend(view, "i-1", T0.plusSeconds(5))).as("EventBridge delivered it twice").isFalse();
        assertThat(rebalances.recommend(view, "i-9", T0)).as("not in this cluster").isFalse();
        assertThat(rebalances.recommend(view, "i-2", T0)).as("already draining").isFalse();
    }

    @Test
    void anInstanceThatLeftOrWasDrainedByOthersIsForgotten() {
        rebalances.recommend(cluster("i-1:ACTIVE", "i-2:ACTIVE"), "i-1", T0);
        assertThat(rebalances.readyToDrain(cluster("i-2:ACTIVE", "i-3:ACTIVE"))).isEmpty();
        assertThat(rebalances.any()).isFalse();

        rebalances.recommend(cluster("i-1:ACTIVE", "i-2:ACTIVE"), "i-1", T0);
        rebalances.forget("i-1"); // a spot warning overtook it
        assertThat(rebalances.readyToDrain(cluster("i-1:ACTIVE", "i-2:ACTIVE", "i-3:ACTIVE"))).isEmpty();
    }

    /** Instances as "id:STATUS". */
    private static ClusterView cluster(String... instances) {
        return new ClusterView(Arrays.stream(instances).map(s -> {
            String[] idStatus = s.split(":");
            return new ClusterView.Instance("arn:" + idStatus[0], idStatus[0], idStatus[1], 4096, 7680, 2048, 4096, 2, 0, List.of());
        }).toList(), List.of(), Optional.empty());
    }
}
