package io.microscaler.bus;

import java.util.Set;

/**
 * An ingest verticle's ownership changed.
 *
 * @param owner      the verticle's deployment-unique id
 * @param assigned   true once the verticle has been through at least one rebalance (readiness)
 * @param partitions "topic-partition" names it now owns
 * @param dropped    services whose windows it just dropped (revoked partitions)
 * @param services   configured services whose home partition of the requests topic it owns now: the
 *                   ones this instance alone may actuate and reconcile; null while the topic's
 *                   partition count is unknown (then nothing is fenced)
 */
public record OwnershipChange(String owner, boolean assigned, Set<String> partitions, Set<String> dropped,
                              Set<String> services) {

    public OwnershipChange {
        partitions = Set.copyOf(partitions);
        dropped = Set.copyOf(dropped);
        services = services == null ? null : Set.copyOf(services);
    }

    public OwnershipChange(String owner, boolean assigned, Set<String> partitions, Set<String> dropped) {
        this(owner, assigned, partitions, dropped, null);
    }
}
