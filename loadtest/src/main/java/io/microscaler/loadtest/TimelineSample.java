package io.microscaler.loadtest;

import java.util.OptionalInt;

/**
 * One reading of the autoscaler's view of a service ({@code /api/services}), once a second.
 * Figures the API had no data for are {@code NaN}; counts it did not give are empty.
 *
 * @param epochMillis  when it was read
 * @param rps          requests/s over the panic span (6 s): the load as it is now
 * @param p95Ms        p95 latency over the panic span, as the image servers measured it
 * @param rpsStable    requests/s over the stable span (the demo's 30 s)
 * @param p95StableMs  p95 over the stable span
 * @param desired      tasks asked for
 * @param running      tasks running
 * @param pending      tasks starting
 * @param healthy      targets the load balancer finds healthy, when known
 * @param state        the window's state: ok, unknown (no events lately), warming
 */
public record TimelineSample(long epochMillis, double rps, double p95Ms, double rpsStable, double p95StableMs,
                             OptionalInt desired, OptionalInt running, OptionalInt pending, OptionalInt healthy,
                             String state) {

    public TimelineSample withHealthy(OptionalInt healthy) {
        return new TimelineSample(epochMillis, rps, p95Ms, rpsStable, p95StableMs, desired, running, pending, healthy, state);
    }
}
