package io.microscaler.bus;

import java.util.Set;

/**
 * An ingest verticle's ownership changed.
 *
 * @param owner      the verticle's deployment-unique id
 * @param assigned   true once the verticle has been through at least one rebalance (readiness)
 * @param partitions "topic-partition" names it now owns
 * @param dropped    services whose windows it just dropped (revoked partitions)
 */
public record OwnershipChange(String owner, boolean assigned, Set<String> partitions, Set<String> dropped) {

    public OwnershipChange {
        partitions = Set.copyOf(partitions);
        dropped = Set.copyOf(dropped);
    }
}
