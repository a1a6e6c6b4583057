package io.microscaler.localcloud.ecs;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The addresses of awsvpc tasks' network interfaces: 127.0.0.2 to 127.0.0.254, each task its own
 * while it is not STOPPED (127.0.0.1 is every bridge task's host). Handed out round-robin, so an
 * address just freed is the last to be reused: a target that is still draining under it in a
 * target group is then long gone. Plain Java on the local cloud's context.
 */
final class AddressPool {

    static final int FIRST = 2;
    static final int LAST = 254;

    private final Set<String> inUse = new HashSet<>();
    private int next = FIRST;

    /** A free address, or empty when all are taken (ECS then reports {@code RESOURCE:ENI}). */
    Optional<String> take() {
        for (int tried = 0; tried <= LAST - FIRST; tried++) {
            String address = "127.0.0." + next;
            next = next == LAST ? FIRST : next + 1;
            if (inUse.add(address)) {
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    void release(String address) {
        inUse.remove(address);
    }

    int inUse() {
        return inUse.size();
    }
}
