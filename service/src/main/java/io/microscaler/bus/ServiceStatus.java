package io.microscaler.bus;

import io.microscaler.decision.Decision;
import io.microscaler.policy.Capacity;
import io.microscaler.window.WindowSnapshot;

/**
 * One owner's view of one service at one tick, for the HTTP API and the service gauges.
 *
 * @param capacity          the last observed task counts, or null while unknown
 * @param lastDecision      the last decision published for the service, or null
 * @param lastEvaluation    the decision of this tick (published or not)
 * @param recordedEvents    events recorded into the window since this owner took the service
 * @param recordedRequests  requests those events stood for
 */
public record ServiceStatus(
        String owner,
        WindowSnapshot window,
        Capacity capacity,
        Decision lastDecision,
        Decision lastEvaluation,
        long recordedEvents,
        long recordedRequests) {

    public String service() {
        return window.service();
    }
}
