package io.microscaler.cluster;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.schedule.Schedules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Puts the {@link ClusterPlanner} between the policies and the actuator: keeps each service's
 * latest wish (its last decision's {@code to}) and the last cluster read, and turns them into the
 * counts to apply. A service whose grant is its wish gets its own decision; one whose grant differs
 * gets an adjusted decision of policy {@value #POLICY} with the grant's reason and message (who
 * displaced or held it back). Decisions go out only when the count to apply changes, scale-ins
 * first so displaced tasks make room before the starts that need it. Holding back only limits
 * increases: it never lowers a count the actuator was already given (see {@link #plan}).
 *
 * <p>Plain code, one thread, no I/O: the verticle feeds it decisions and cluster reads.
 */
public final class PlannerStage {

    /** The policy name of adjusted decisions; decisions of this policy are never taken as wishes. */
    public static final String POLICY = "cluster-planner";

    /** The policy name of a wish taken from the actuator's read, for a service whose policy has not decided yet. */
    public static final String OBSERVED = "observed";

    /**
     * What the planner needs to know of a service beyond its wish (from its configuration).
     *
     * @param min       its own {@code minTasks}: the share lower priorities never displace it below
     * @param schedules its schedules: while one is active, its {@code minTasks} is the share instead
     */
    public record Service(int priority, int min, TaskSize size, boolean fargate, Schedules schedules) {

        public Service {
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(schedules, "schedules");
        }

        public Service(int priority, int min, TaskSize size, boolean fargate) {
            this(priority, min, size, fargate, Schedules.NONE);
        }

        /** The minimum in force at {@code now}: an active schedule's (a night's batch window holds 6), else its own. */
        public int minAt(Instant now) {
            return schedules.activeAt(now).map(a -> a.schedule().minTasks(min)).orElse(min);
        }
    }

    /**
     * @param apply    decisions for the actuator, in order: scale-ins, then scale-outs
     * @param announce adjusted decisions to publish for audit, API and status page
     */
    public record Outcome(List<Decision> apply, List<Decision> announce) {

        public static final Outcome NONE = new Outcome(List.of(), List.of());

        public Outcome {
            apply = List.copyOf(apply);
            announce = List.copyOf(announce);
        }
    }

    private final Map<String, Service> services;
    private final Map<String, Decision> wishes = new LinkedHashMap<>();
    /** The count the actuator was last told, by service. */
    private final Map<String, Integer> applied = new HashMap<>();
    /** The seq of the last decision sent to the actuator, by service: its coalescer drops older ones. */
    private final Map<String, Long> sentSeq = new HashMap<>();
    /** The last decision sent to the actuator, by service: sent again if the owner reads another count. */
    private final Map<String, Decision> lastSent = new HashMap<>();
    private final Set<String> fresh = new HashSet<>();
    private final long seqFloor;
    private ClusterState cluster;

    /** @param services the planned services by id; decisions of others pass through unplanned */
    public PlannerStage(Map<String, Service> services) {
        this(services, 0);
    }

    /**
     * @param seqFloor the lowest seq this stage sends: a planner that takes over from another
     *                 passes its clock in microseconds, so that its decisions number above the
     *                 previous leader's at the actuators (which drop a seq they have seen beaten)
     */
    public PlannerStage(Map<String, Service> services, long seqFloor) {
        this.services = Map.copyOf(services);
        this.seqFloor = seqFloor;
    }

    /**
     * A planner taking over: every service's latest wish and the counts their owners last read, as
     * the previous leader left them. Nothing is sent: the next cluster read plans them all at once,
     * from the counts running (a wish planned alone, before the others are known, could displace
     * what it should not).
     */
    public void restore(Collection<Decision> latestWishes, Map<String, Integer> observed, Instant now) {
        for (Decision d : latestWishes) {
            if (services.containsKey(d.service()) && d.reason() != Reason.CAPACITY_UNKNOWN) {
                wishes.put(d.service(), d);
                applied.put(d.service(), observed.getOrDefault(d.service(), d.from()));
            }
        }
        observed.forEach((service, desired) -> {
            if (services.containsKey(service) && !wishes.containsKey(service)) {
                wishes.put(service, Decision.hold(service, now, desired, OBSERVED, Reason.WITHIN_TOLERANCE,
                        "no decision yet: the " + desired + " task(s) it runs"));
                applied.put(service, desired);
            }
        });
    }

    /** A decision from a policy: a new wish. Planned against the last cluster read, if any. */
    public Outcome wish(Decision d, Instant now) {
        if (d.reason() == Reason.CAPACITY_UNKNOWN) {
            return Outcome.NONE; // a hold while the count is not known yet: its "to" says nothing of a wish
        }
        Decision known = wishes.get(d.service());
        if (known != null && d.seq() < known.seq()) {
            return Outcome.NONE; // a wish of an earlier owner, arriving after the new owner's
        }
        Decision previous = services.containsKey(d.service()) ? wishes.put(d.service(), d) : null;
        if (!services.containsKey(d.service()) || cluster == null) {
            // Nothing to plan with (yet): the actuator applies it as it is.
            applied.put(d.service(), d.to());
            return d.changesCount() ? new Outcome(List.of(numbered(d)), List.of()) : Outcome.NONE;
        }
        applied.putIfAbsent(d.service(), d.from());
        if (previous != null && previous.to() == d.to()) {
            return Outcome.NONE;
        }
        fresh.add(d.service());
        return plan(now);
    }

    /**
     * A service's count as the actuator read it. Until its policy decides, that count is its wish:
     * a service holding steady publishes no decision, yet it holds room the planner must weigh (and
     * may take from it for a higher priority).
     */
    public Outcome observed(String service, int desired, Instant now) {
        Decision current = wishes.get(service);
        boolean readIsWish = current == null || (OBSERVED.equals(current.policy()) && !sentSeq.containsKey(service));
        if (!services.containsKey(service)) {
            return Outcome.NONE;
        }
        if (!readIsWish) {
            // Once the planner has sent it a count, a read shows the grant, not a wish; one that
            // differs means the grant never reached an actuator (its owner changed, or it was lost): again.
            Decision last = lastSent.get(service);
            if (last == null || last.to() == desired) {
                return Outcome.NONE;
            }
            Decision again = new Decision(service, now, last.seq(), desired, last.to(), last.policy(), last.reason(),
                    last.message(), last.inputs(), last.recommendations());
            return new Outcome(List.of(numbered(again)), List.of());
        }
        if (current != null && current.to() == desired) {
            return Outcome.NONE;
        }
        wishes.put(service, Decision.hold(service, now, desired, OBSERVED, Reason.WITHIN_TOLERANCE,
                "no decision yet: the " + desired + " task(s) it runs"));
        applied.put(service, desired);
        return cluster == null ? Outcome.NONE : plan(now);
    }

    /** A fresh cluster read: plan every wish again. */
    public Outcome cluster(ClusterState state, Instant now) {
        this.cluster = Objects.requireNonNull(state, "state");
        return wishes.isEmpty() ? Outcome.NONE : plan(now);
    }

    private Outcome plan(Instant now) {
        List<ServiceWish> asks = new ArrayList<>();
        wishes.forEach((id, d) -> {
            Service s = services.get(id);
            asks.add(new ServiceWish(id, s.priority(), Math.min(s.minAt(now), d.to()), d.to(), s.size(), s.fargate()));
        });
        Allocation allocation = ClusterPlanner.plan(asks, cluster);
        List<Decision> decreases = new ArrayList<>();
        List<Decision> increases = new ArrayList<>();
        List<Decision> announce = new ArrayList<>();
        for (Grant g : allocation.grants()) {
            Decision wish = wishes.get(g.service());
            int last = applied.get(g.service());
            int count = g.granted() + g.fargate();
            if (g.displaced() == 0 && g.heldBack() > 0) {
                // Held back never takes back tasks already asked for: mid-change, tasks being stopped still
                // hold the room they are freeing, and the target keeps placing what it was asked as room appears.
                count = Math.max(count, Math.min(last, wish.to()));
            }
            boolean adjusted = count != wish.to();
            boolean isFresh = fresh.remove(g.service());
            if (adjusted && (isFresh || count != last)) {
                announce.add(adjusted(wish, g, last, count, now));
            }
            if (count != last) {
                Decision out = numbered(adjusted ? adjusted(wish, g, last, count, now) : from(wish, last));
                (count < last ? decreases : increases).add(out);
                applied.put(g.service(), count);
            }
        }
        decreases.addAll(increases);
        return new Outcome(decreases, announce);
    }

    private static Decision adjusted(Decision wish, Grant g, int from, int count, Instant now) {
        Map<String, Double> inputs = new LinkedHashMap<>();
        inputs.put("wanted", (double) g.wanted());
        inputs.put("granted", (double) g.granted());
        inputs.put("fargate", (double) g.fargate());
        inputs.put("heldBack", (double) g.heldBack());
        inputs.put("displaced", (double) g.displaced());
        inputs.put("priority", (double) g.priority());
        Reason reason = g.reason().orElse(Reason.CAPACITY_HELD_BACK);
        return new Decision(wish.service(), now, wish.seq(), from, count, POLICY, reason, g.message(), inputs);
    }

    /** The wish as the actuator must see it: from the count it was last told, so a change reads as one. */
    private static Decision from(Decision wish, int last) {
        return new Decision(wish.service(), wish.at(), wish.seq(), last, wish.to(), wish.policy(), wish.reason(),
                wish.message(), wish.inputs(), wish.recommendations());
    }

    /** Renumbers so that every decision sent for a service has a higher seq than the one before. */
    private Decision numbered(Decision d) {
        long seq = Math.max(Math.max(d.seq(), seqFloor), sentSeq.getOrDefault(d.service(), 0L) + 1);
        sentSeq.put(d.service(), seq);
        Decision sent = d.withSeq(seq);
        lastSent.put(d.service(), sent);
        return sent;
    }
}
