package io.microscaler.localcloud.autoscaling;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where a group launches and which instance it terminates on scale-in: a simplified default
 * termination policy. AWS first balances Availability Zones, then prefers the oldest launch
 * template, then the instance closest to the next billing hour. Here every instance has the same
 * launch template and billing is per second, so the rule is: launch in the zone with the fewest
 * live instances (ties: the zone that sorts first); terminate the newest instance of a zone with
 * the most (so a Pending one that never joined the cluster goes before one that runs tasks).
 * E.g. zones a: [i-1, i-4], b: [i-2], c: [i-3] → launch in b; terminate i-4, then i-3.
 */
final class Placement {

    private Placement() {
    }

    /** The zone for the next launch. */
    static String launchZone(List<String> zones, Collection<GroupInstance> live) {
        Map<String, Long> counts = counts(live);
        return zones.stream()
                .min(Comparator.comparingLong((String z) -> counts.getOrDefault(z, 0L)).thenComparing(Function.identity()))
                .orElseThrow();
    }

    /** The instance to terminate on scale-in, empty when there is none. */
    static Optional<GroupInstance> scaleInVictim(Collection<GroupInstance> live) {
        Map<String, Long> counts = counts(live);
        Comparator<GroupInstance> byZoneSize = Comparator.comparingLong(i -> counts.get(i.availabilityZone));
        return live.stream().max(byZoneSize.thenComparingLong(i -> i.launchSequence));
    }

    private static Map<String, Long> counts(Collection<GroupInstance> live) {
        return live.stream().collect(Collectors.groupingBy(i -> i.availabilityZone, Collectors.counting()));
    }
}
