package io.microscaler.bus;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The services this instance owns, merged from its ingest verticles' {@link OwnershipChange}
 * reports: what the actuator may apply and repair, and which grants of the cluster planner are
 * ours. Unknown (null) until every verticle has reported with a known partition count: then
 * nothing is fenced, rather than stopping a service. Plain code, one thread.
 */
public final class Ownership {

    /** By ingest verticle (owner id), the services it owns now; null until the first report. */
    private Map<String, Set<String>> ownedBy;
    /**
     * Their union, merged once per report: the actuator asks {@link #owns} for every service, and
     * merging on each call made that quadratic (at 10,000 services, an event loop blocked for seconds).
     */
    private Set<String> merged;

    /**
     * Takes a report and returns the services no longer owned: those owned before (all of
     * {@code all} while unknown) and not now, and those the verticle dropped unless another owns them.
     */
    public Set<String> update(OwnershipChange change, Collection<String> all) {
        Set<String> before = owned();
        if (ownedBy == null) {
            ownedBy = new HashMap<>();
        }
        ownedBy.put(change.owner(), change.services());
        merged = merge();
        Set<String> now = owned();
        Set<String> lost = new TreeSet<>(before == null ? all : before);
        if (now != null) {
            lost.removeAll(now);
        } else {
            lost.clear();
        }
        change.dropped().stream().filter(s -> now == null || !now.contains(s)).forEach(lost::add);
        return lost;
    }

    /** The services owned now (not to be changed); null before the first report or while a verticle cannot tell. */
    public Set<String> owned() {
        return merged;
    }

    private Set<String> merge() {
        if (ownedBy == null) {
            return null;
        }
        Set<String> all = new HashSet<>();
        for (Set<String> services : ownedBy.values()) {
            if (services == null) {
                return null; // a verticle that cannot tell yet: fence nothing rather than stop a service
            }
            all.addAll(services);
        }
        return Collections.unmodifiableSet(all);
    }

    public boolean owns(String service) {
        Set<String> owned = owned();
        return owned == null || owned.contains(service);
    }
}
