package io.microscaler.bus;

import java.util.Collections;
import java.util.List;

/**
 * The statuses of the services one owner evaluated in one part of a tick: one message per part, not
 * one per service. At 10,000 services the messages, one per service per tick, each queued to the
 * consumers' contexts and delivered on their own, cost more than the statuses did (issue 20).
 *
 * @param statuses one per service, each for a different service
 */
public record ServiceStatuses(String owner, List<ServiceStatus> statuses) {

    public ServiceStatuses {
        statuses = Collections.unmodifiableList(statuses); // the owner's fresh list, handed over: not copied
    }
}
