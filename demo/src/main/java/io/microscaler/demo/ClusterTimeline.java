package io.microscaler.demo;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * The times the cluster demos report, read from their samples and the displacement decisions seen
 * on the bus. Pure: the demo feeds it what it saw, tests feed it tables.
 *
 * <p>Contention, from the spike's start: when the high-priority service first asked for more and
 * when that first count was healthy, when the low-priority one was first displaced, when the high-priority service first had as many
 * healthy tasks as it wished for (its wish at that moment, above its wish before the spike), when
 * the group was asked for more instances and when one joined, and when the low-priority service had
 * its wish back, healthy, after it was displaced.
 *
 * <p>Spot, from the interruption warning: when the instance was seen draining, when the service
 * had its wish healthy again with no task left on the interrupted instance, how few healthy tasks
 * it had meanwhile, when the group was asked for a replacement and when one joined.
 *
 * <p>Rebalance, from the recommendation: when the group was asked for a replacement and when one
 * joined, when the instance at risk was seen draining (after the replacement joined, if all went
 * right), when the service had its wish healthy with no task on it, how few healthy tasks it had
 * meanwhile, and when the instance had left the cluster.
 */
public final class ClusterTimeline {

    /** A displacement decision as the demo saw it on the bus. */
    public record Displaced(double atSeconds, String service, int from, int to, String message) {
    }

    private ClusterTimeline() {
    }

    /** Seconds from the spike's start; empty where it did not happen within the run. */
    /** The figures of a contention run; {@link #describe} words them. */
    public record Contention(OptionalDouble highAsked, int highFirstWish, OptionalDouble highFirstReached,
                             OptionalDouble lowDisplaced, OptionalDouble highReached,
                             int highReachedCount, OptionalDouble groupGrew, OptionalDouble instanceJoined,
                             OptionalDouble lowRecovered, int lowWish, Optional<Displaced> displacement) {

        public List<String> describe(String high, String low) {
            return List.of(
                    high + " asked for more tasks: " + text(highAsked) + " (" + highFirstWish + "), all "
                            + highFirstWish + " healthy: " + text(highFirstReached),
                    low + " displaced: " + text(lowDisplaced) + displacement.map(d -> " (" + d.from() + " → " + d.to()
                            + ": " + d.message() + ")").orElse(""),
                    high + " at its desired count (" + highReachedCount + " healthy): " + text(highReached),
                    "Auto Scaling group asked for more instances: " + text(groupGrew) + ", a new instance joined: "
                            + text(instanceJoined),
                    low + " recovered (" + lowWish + " healthy again): " + text(lowRecovered));
        }
    }

    /** Seconds from the warning; empty where it did not happen within the run. */
    public record Spot(OptionalDouble drainSeen, OptionalDouble replaced, int fewestHealthy, int wish,
                       OptionalDouble groupGrew, OptionalDouble instanceJoined) {

        public List<String> describe(String service, double noticeSeconds) {
            return List.of(
                    "instance seen DRAINING: " + text(drainSeen),
                    service + " back to " + wish + " healthy with no task on the interrupted instance: " + text(replaced)
                            + (replaced.isPresent() ? String.format(Locale.ROOT, " (%.1f s before the %.0f s notice ended)",
                            noticeSeconds - replaced.getAsDouble(), noticeSeconds) : ""),
                    service + " healthy tasks meanwhile: never fewer than " + fewestHealthy,
                    "Auto Scaling group asked for a replacement: " + text(groupGrew) + ", a new instance joined: "
                            + text(instanceJoined));
        }
    }

    /** Seconds from the recommendation; empty where it did not happen within the run. */
    public record Rebalance(OptionalDouble groupGrew, OptionalDouble instanceJoined, OptionalDouble drainSeen,
                            OptionalDouble replaced, int fewestHealthy, int wish, OptionalDouble left) {

        public List<String> describe(String service) {
            return List.of(
                    "Auto Scaling group asked for a replacement: " + text(groupGrew) + ", a new instance joined: "
                            + text(instanceJoined),
                    "instance at risk seen DRAINING: " + text(drainSeen) + (drainSeen.isPresent() && instanceJoined.isPresent()
                            ? (drainSeen.getAsDouble() >= instanceJoined.getAsDouble() ? " (after the replacement joined)"
                            : " (before the replacement joined)") : ""),
                    service + " back to " + wish + " healthy with no task on the instance at risk: " + text(replaced),
                    service + " healthy tasks meanwhile: never fewer than " + fewestHealthy,
                    "instance at risk terminated (left the cluster): " + text(left));
        }
    }

    public static Rebalance rebalance(double recommendedAt, String service, List<ClusterSample> samples) {
        List<ClusterSample> before = samples.stream().filter(s -> s.atSeconds() < recommendedAt).toList();
        List<ClusterSample> after = samples.stream().filter(s -> s.atSeconds() >= recommendedAt).toList();
        int groupBefore = before.isEmpty() ? 0 : before.get(before.size() - 1).groupDesired();
        int instancesBefore = before.isEmpty() ? 0 : before.get(before.size() - 1).instances();
        OptionalDouble joined = first(after, s -> s.instances() + s.draining() > instancesBefore, recommendedAt);
        OptionalDouble drain = first(after, s -> s.draining() > 0, recommendedAt);
        Optional<ClusterSample> replaced = after.stream().filter(s -> s.atSeconds() > recommendedAt)
                .filter(s -> s.of(service).onInterrupted() == 0 && s.of(service).wish() > 0
                        && s.of(service).healthy() >= s.of(service).wish()).findFirst();
        double until = replaced.map(ClusterSample::atSeconds).orElse(Double.MAX_VALUE);
        int fewest = after.stream().filter(s -> s.atSeconds() <= until).mapToInt(s -> s.of(service).healthy()).min().orElse(0);
        // Left: after it drained, the cluster is back to as many instances as before, none draining.
        OptionalDouble left = drain.isEmpty() ? OptionalDouble.empty() : first(after, s -> s.atSeconds() - recommendedAt
                > drain.getAsDouble() && s.draining() == 0 && s.instances() == instancesBefore, recommendedAt);
        return new Rebalance(first(after, s -> s.groupDesired() > groupBefore, recommendedAt), joined, drain,
                replaced.map(s -> OptionalDouble.of(s.atSeconds() - recommendedAt)).orElse(OptionalDouble.empty()),
                fewest, replaced.map(s -> s.of(service).wish()).orElse(0), left);
    }

    public static Contention contention(double spikeAt, String high, String low, List<ClusterSample> samples,
                                        List<Displaced> displaced) {
        List<ClusterSample> before = samples.stream().filter(s -> s.atSeconds() < spikeAt).toList();
        List<ClusterSample> after = samples.stream().filter(s -> s.atSeconds() >= spikeAt).toList();
        int highBefore = before.isEmpty() ? 0 : before.get(before.size() - 1).of(high).wish();
        int instancesBefore = before.isEmpty() ? 0 : before.get(before.size() - 1).instances();
        int groupBefore = before.isEmpty() ? 0 : before.get(before.size() - 1).groupDesired();

        Optional<ClusterSample> asked = after.stream().filter(s -> s.of(high).wish() > highBefore).findFirst();
        OptionalDouble highAsked = asked.map(s -> OptionalDouble.of(s.atSeconds() - spikeAt)).orElse(OptionalDouble.empty());
        int firstWish = asked.map(s -> s.of(high).wish()).orElse(0);
        OptionalDouble firstReached = asked.isEmpty() ? OptionalDouble.empty()
                : first(after, s -> s.atSeconds() >= asked.get().atSeconds() && s.of(high).healthy() >= firstWish, spikeAt);
        Optional<ClusterSample> reached = after.stream().filter(s -> s.of(high).wish() > highBefore
                && s.of(high).healthy() >= s.of(high).wish()).findFirst();
        Optional<Displaced> displacement = displaced.stream().filter(d -> d.service().equals(low) && d.atSeconds() >= spikeAt)
                .findFirst();
        OptionalDouble lowDisplaced = displacement.map(d -> OptionalDouble.of(d.atSeconds() - spikeAt))
                .orElse(OptionalDouble.empty());
        OptionalDouble lowRecovered = OptionalDouble.empty();
        int lowWish = 0;
        if (displacement.isPresent()) {
            double from = displacement.get().atSeconds();
            Optional<ClusterSample> back = after.stream().filter(s -> s.atSeconds() > from && s.of(low).wish() > 0
                    && s.of(low).applied() == s.of(low).wish() && s.of(low).healthy() >= s.of(low).wish()).findFirst();
            lowRecovered = back.map(s -> OptionalDouble.of(s.atSeconds() - spikeAt)).orElse(OptionalDouble.empty());
            lowWish = back.map(s -> s.of(low).wish()).orElse(0);
        }
        return new Contention(highAsked, firstWish, firstReached, lowDisplaced,
                reached.map(s -> OptionalDouble.of(s.atSeconds() - spikeAt)).orElse(OptionalDouble.empty()),
                reached.map(s -> s.of(high).healthy()).orElse(0),
                first(after, s -> s.groupDesired() > groupBefore, spikeAt),
                first(after, s -> s.instances() > instancesBefore, spikeAt), lowRecovered, lowWish, displacement);
    }

    public static Spot spot(double warnedAt, String service, List<ClusterSample> samples) {
        List<ClusterSample> before = samples.stream().filter(s -> s.atSeconds() < warnedAt).toList();
        List<ClusterSample> after = samples.stream().filter(s -> s.atSeconds() >= warnedAt).toList();
        int groupBefore = before.isEmpty() ? 0 : before.get(before.size() - 1).groupDesired();
        int instancesBefore = before.isEmpty() ? 0 : before.get(before.size() - 1).instances();
        OptionalDouble drain = first(after, s -> s.draining() > 0, warnedAt);
        Optional<ClusterSample> replaced = after.stream().filter(s -> s.draining() > 0 || s.atSeconds() > warnedAt)
                .filter(s -> s.of(service).onInterrupted() == 0 && s.of(service).wish() > 0
                        && s.of(service).healthy() >= s.of(service).wish()).findFirst();
        double until = replaced.map(ClusterSample::atSeconds).orElse(Double.MAX_VALUE);
        int fewest = after.stream().filter(s -> s.atSeconds() <= until).mapToInt(s -> s.of(service).healthy()).min().orElse(0);
        // Instances: the interrupted one still counts while it drains, so "joined" is one more than before.
        return new Spot(drain, replaced.map(s -> OptionalDouble.of(s.atSeconds() - warnedAt)).orElse(OptionalDouble.empty()),
                fewest, replaced.map(s -> s.of(service).wish()).orElse(0),
                first(after, s -> s.groupDesired() > groupBefore, warnedAt),
                first(after, s -> s.instances() + s.draining() > instancesBefore, warnedAt));
    }

    private static OptionalDouble first(List<ClusterSample> samples, Predicate<ClusterSample> condition, double from) {
        return samples.stream().filter(condition).mapToDouble(s -> s.atSeconds() - from).findFirst();
    }

    private static String text(OptionalDouble d) {
        return d.isPresent() ? String.format(Locale.ROOT, "+%.1f s", d.getAsDouble()) : "not seen";
    }
}
