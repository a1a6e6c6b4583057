package io.microscaler.localcloud.ecs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Task placement on EC2, as ECS does it: drop the instances the task does not fit on, then order
 * the rest by the placement strategies in turn (the first strategy decides, the next breaks its
 * ties, …); remaining ties go to a seeded random choice. Plain Java, no state.
 *
 * <ul>
 *   <li>{@code binpack} on {@code memory} or {@code cpu}: the instance with the least of it left;</li>
 *   <li>{@code spread} on {@code instanceId} (or {@code host}): the instance with the fewest tasks of
 *       the same group; on {@code attribute:ecs.availability-zone}: the zone with the fewest;</li>
 *   <li>{@code random}: any.</li>
 * </ul>
 * With no strategy given, tasks are spread by instance.
 */
public final class Placement {

    public static final Set<String> SPREAD_FIELDS = Set.of("instanceId", "host", "attribute:ecs.availability-zone");
    public static final Set<String> BINPACK_FIELDS = Set.of("memory", "cpu");

    /** One placement strategy ({@code type} binpack, spread or random). */
    public record Strategy(String type, String field) {

        public static final Strategy SPREAD_BY_INSTANCE = new Strategy("spread", "instanceId");

        /** Why this strategy is not one ECS accepts, or null when it is. */
        public String invalidReason() {
            return switch (type == null ? "" : type) {
                case "random" -> null;
                case "binpack" -> BINPACK_FIELDS.contains(field) ? null : "binpack field must be cpu or memory, but was " + field;
                case "spread" -> SPREAD_FIELDS.contains(field) ? null
                        : "spread field must be instanceId, host or attribute:ecs.availability-zone, but was " + field;
                default -> "placement strategy type must be binpack, spread or random, but was " + type;
            };
        }
    }

    /**
     * An ACTIVE instance the task could go to.
     *
     * @param groupTasks       active tasks of the task's group already on it
     * @param groupTasksInZone active tasks of the task's group in its availability zone
     */
    public record Candidate(String arn, Resources remaining, int groupTasks, int groupTasksInZone) {
    }

    /** The instance chosen, or (when none fits) why each candidate did not fit, by ARN. */
    public record Result(Candidate chosen, Map<String, String> shortfalls) {

        public boolean placed() {
            return chosen != null;
        }
    }

    public static Result choose(List<Candidate> candidates, Resources need, List<Strategy> strategies, Random random) {
        List<Candidate> fits = new ArrayList<>();
        Map<String, String> shortfalls = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            String shortfall = candidate.remaining().shortfall(need);
            if (shortfall == null) {
                fits.add(candidate);
            } else {
                shortfalls.put(candidate.arn(), shortfall);
            }
        }
        if (fits.isEmpty()) {
            return new Result(null, shortfalls);
        }
        Collections.shuffle(fits, random);
        fits.sort(order(strategies.isEmpty() ? List.of(Strategy.SPREAD_BY_INSTANCE) : strategies));
        return new Result(fits.get(0), Map.of());
    }

    private static Comparator<Candidate> order(List<Strategy> strategies) {
        Comparator<Candidate> order = (a, b) -> 0;
        for (Strategy strategy : strategies) {
            order = order.thenComparing(comparator(strategy));
        }
        return order;
    }

    private static Comparator<Candidate> comparator(Strategy strategy) {
        return switch (strategy.type()) {
            case "binpack" -> "cpu".equals(strategy.field())
                    ? Comparator.comparingInt(c -> c.remaining().cpu())
                    : Comparator.comparingInt(c -> c.remaining().memory());
            case "spread" -> "attribute:ecs.availability-zone".equals(strategy.field())
                    ? Comparator.comparingInt(Candidate::groupTasksInZone)
                    : Comparator.comparingInt(Candidate::groupTasks);
            default -> (a, b) -> 0;
        };
    }

    private Placement() {
    }
}
