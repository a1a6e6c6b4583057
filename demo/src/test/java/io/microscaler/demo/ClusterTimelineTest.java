package io.microscaler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ClusterTimelineTest {

    /** {@code t iiif(wish/applied/healthy) worker(wish/applied/healthy) instances draining group}. */
    private static ClusterSample sample(double t, String iiif, String worker, int instances, int draining, int group) {
        return new ClusterSample(t, Map.of("iiif", point(iiif), "worker", point(worker)), instances, draining, group, 0,
                Double.NaN);
    }

    private static ClusterSample.ServicePoint point(String spec) {
        String[] p = spec.split("/");
        return new ClusterSample.ServicePoint(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                p.length > 3 ? Integer.parseInt(p[3]) : 0);
    }

    @Test
    void contentionTimesCountFromTheSpike() {
        List<ClusterSample> samples = new ArrayList<>(List.of(
                sample(28, "2/2/2", "5/5/5", 2, 0, 2),
                sample(30, "2/2/2", "5/5/5", 2, 0, 2),
                sample(31, "6/6/2", "5/2/5", 2, 0, 2),
                sample(32, "6/6/3", "5/2/2", 2, 0, 3),
                sample(36, "10/7/6", "5/1/1", 2, 0, 3),
                sample(42, "10/10/7", "5/1/1", 3, 0, 4),
                sample(48, "10/10/10", "5/2/2", 3, 0, 4),
                sample(55, "10/10/10", "5/5/3", 4, 0, 4),
                sample(58, "10/10/10", "5/5/5", 4, 0, 4)));
        List<ClusterTimeline.Displaced> displaced = List.of(
                new ClusterTimeline.Displaced(10, "worker", 5, 4, "before the spike: not counted"),
                new ClusterTimeline.Displaced(31.5, "worker", 5, 2, "3 tasks give way to iiif"));

        ClusterTimeline.Contention c = ClusterTimeline.contention(30, "iiif", "worker", samples, displaced);

        assertThat(c.highAsked()).isEqualTo(OptionalDouble.of(1));
        assertThat(c.highFirstWish()).isEqualTo(6);
        assertThat(c.highFirstReached()).as("6 healthy").isEqualTo(OptionalDouble.of(6));
        assertThat(c.lowDisplaced()).isEqualTo(OptionalDouble.of(1.5));
        assertThat(c.displacement()).hasValueSatisfying(d -> assertThat(d.to()).isEqualTo(2));
        assertThat(c.highReached()).as("healthy reaches the wish of the moment").isEqualTo(OptionalDouble.of(18));
        assertThat(c.highReachedCount()).isEqualTo(10);
        assertThat(c.groupGrew()).isEqualTo(OptionalDouble.of(2));
        assertThat(c.instanceJoined()).isEqualTo(OptionalDouble.of(12));
        assertThat(c.lowRecovered()).as("applied and healthy at its wish again").isEqualTo(OptionalDouble.of(28));
        assertThat(c.lowWish()).isEqualTo(5);
        assertThat(c.describe("iiif", "worker")).anySatisfy(line -> assertThat(line).contains("worker displaced: +1.5 s"))
                .anySatisfy(line -> assertThat(line).contains("worker recovered (5 healthy again): +28.0 s"));
    }

    @Test
    void whatDidNotHappenIsNotSeen() {
        List<ClusterSample> samples = List.of(sample(29, "2/2/2", "5/5/5", 2, 0, 2), sample(40, "2/2/2", "5/5/5", 2, 0, 2));

        ClusterTimeline.Contention c = ClusterTimeline.contention(30, "iiif", "worker", samples, List.of());

        assertThat(c.highAsked()).isEmpty();
        assertThat(c.lowDisplaced()).isEmpty();
        assertThat(c.lowRecovered()).isEmpty();
        assertThat(c.describe("iiif", "worker")).anySatisfy(line -> assertThat(line).contains("worker displaced: not seen"));
    }

    @Test
    void spotTimesCountFromTheWarning() {
        List<ClusterSample> samples = List.of(
                sample(39, "6/6/6", "5/5/5", 3, 0, 3),
                sample(40, "6/6/6/3", "5/5/5", 3, 0, 3),
                sample(41, "6/6/6/3", "5/5/5", 2, 1, 4),
                sample(45, "6/6/5/2", "5/1/1", 2, 1, 4),
                sample(51, "6/6/7/1", "5/1/1", 3, 1, 4),
                sample(53, "6/6/6/0", "5/5/2", 3, 1, 4),
                sample(70, "6/6/6/0", "5/5/5", 3, 0, 4));

        ClusterTimeline.Spot s = ClusterTimeline.spot(40, "iiif", samples);

        assertThat(s.drainSeen()).isEqualTo(OptionalDouble.of(1));
        assertThat(s.replaced()).isEqualTo(OptionalDouble.of(13));
        assertThat(s.fewestHealthy()).isEqualTo(5);
        assertThat(s.wish()).isEqualTo(6);
        assertThat(s.groupGrew()).isEqualTo(OptionalDouble.of(1));
        assertThat(s.instanceJoined()).as("one more than the 3 before, counting the draining one").isEqualTo(OptionalDouble.of(11));
        assertThat(s.describe("iiif", 30)).anySatisfy(line -> assertThat(line).contains("+13.0 s (17.0 s before the 30 s notice ended)"));
    }

    @Test
    void rebalanceTimesCountFromTheRecommendation() {
        // iiif wish/applied/healthy/on the instance at risk; 3 instances, 4 after the replacement joins
        List<ClusterSample> samples = List.of(
                sample(39, "6/6/6", "5/5/5", 3, 0, 3),
                sample(40, "6/6/6/3", "5/5/5", 3, 0, 3),
                sample(41, "6/6/6/3", "5/5/5", 3, 0, 4),
                sample(51, "6/6/6/3", "5/5/5", 4, 0, 4),
                sample(52, "6/6/6/3", "5/5/5", 3, 1, 4),
                sample(55, "6/6/8/1", "5/5/5", 3, 1, 4),
                sample(57, "6/6/6/0", "5/5/5", 3, 1, 4),
                sample(60, "6/6/6/0", "5/5/5", 3, 0, 3));

        ClusterTimeline.Rebalance r = ClusterTimeline.rebalance(40, "iiif", samples);

        assertThat(r.groupGrew()).isEqualTo(OptionalDouble.of(1));
        assertThat(r.instanceJoined()).isEqualTo(OptionalDouble.of(11));
        assertThat(r.drainSeen()).isEqualTo(OptionalDouble.of(12));
        assertThat(r.replaced()).isEqualTo(OptionalDouble.of(17));
        assertThat(r.fewestHealthy()).isEqualTo(6);
        assertThat(r.wish()).isEqualTo(6);
        assertThat(r.left()).isEqualTo(OptionalDouble.of(20));
        assertThat(r.describe("iiif")).contains("instance at risk seen DRAINING: +12.0 s (after the replacement joined)",
                "iiif healthy tasks meanwhile: never fewer than 6", "instance at risk terminated (left the cluster): +20.0 s");
    }

    @Test
    void aRebalanceThatDrainedBeforeTheReplacementJoinedSaysSo() {
        List<ClusterSample> samples = List.of(
                sample(39, "6/6/6", "5/5/5", 3, 0, 3),
                sample(41, "6/6/6/3", "5/5/5", 2, 1, 4),
                sample(45, "6/6/4/1", "5/5/5", 2, 1, 4),
                sample(51, "6/6/6/0", "5/5/5", 3, 1, 4));

        ClusterTimeline.Rebalance r = ClusterTimeline.rebalance(40, "iiif", samples);

        assertThat(r.describe("iiif")).contains("instance at risk seen DRAINING: +1.0 s (before the replacement joined)",
                "iiif healthy tasks meanwhile: never fewer than 4", "instance at risk terminated (left the cluster): not seen");
    }
}
