package io.microscaler.demo;

/**
 * One progress reading of the demo, as the operator would see it.
 *
 * @param atSeconds     seconds since the traffic started
 * @param offeredPerSec requests the clients sent per second over the last few seconds (with traffic
 *                      from outside the demo: requests the load balancer received)
 * @param servedPerSec  of those, answered with 2xx
 * @param p95Ms         client-side (or load balancer) p95 latency over the last few seconds ({@code NaN} with no answers)
 * @param desired       the ECS service's desired count
 * @param running       its RUNNING tasks
 * @param healthy       its healthy targets in the load balancer
 * @param lastReason    the reason of the last decision published, or "-" before any
 * @param p95SecondMs   the same p95 over the newest complete second alone ({@code NaN} with no answers)
 */
public record DemoSample(double atSeconds, double offeredPerSec, double servedPerSec, double p95Ms,
                         int desired, int running, int healthy, String lastReason, double p95SecondMs) {

    /** The progress line: {@code t=  35s offered  740/s served  702/s p95  212 ms tasks desired 9 running 6 healthy 5 | target-tracking}. */
    public String line() {
        return String.format(java.util.Locale.ROOT,
                "t=%4.0fs offered %5.0f/s served %5.0f/s p95 %5s ms | tasks desired %2d running %2d healthy %2d | last decision: %s",
                atSeconds, offeredPerSec, servedPerSec, Double.isNaN(p95Ms) ? "-" : String.format(java.util.Locale.ROOT, "%.0f", p95Ms),
                desired, running, healthy, lastReason);
    }
}
