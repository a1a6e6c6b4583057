package io.microscaler.demo;

import java.util.Map;

/**
 * One reading of the cluster demos ({@code contention}, {@code spot}), once a second.
 *
 * @param atSeconds  seconds since the traffic started
 * @param services   by service id
 * @param instances  container instances ACTIVE in the cluster
 * @param draining   container instances DRAINING
 * @param groupDesired the Auto Scaling group's desired capacity
 * @param offeredPerSec requests/s the demo's clients sent to the traffic service
 * @param p95Ms      their p95 latency ({@code NaN} with no answers)
 */
public record ClusterSample(double atSeconds, Map<String, ServicePoint> services, int instances, int draining,
                            int groupDesired, double offeredPerSec, double p95Ms) {

    public ClusterSample {
        services = Map.copyOf(services);
    }

    /**
     * One service at one reading.
     *
     * @param wish    the count its policy last decided (-1 before any decision)
     * @param applied the count the cluster planner last gave the actuator (-1 before any)
     * @param healthy its healthy targets in the load balancer
     * @param onInterrupted its tasks on the interrupted spot instance (0 before or without an interruption)
     */
    public record ServicePoint(int wish, int applied, int healthy, int onInterrupted) {
    }

    public ServicePoint of(String service) {
        ServicePoint p = services.get(service);
        if (p == null) {
            throw new IllegalArgumentException("no service '" + service + "' in the sample; there are " + services.keySet());
        }
        return p;
    }

    /** {@code t=  35s iiif 6/6/3 worker 5/2/2 (wish/applied/healthy) | instances 2 +0 draining, group 3 | 400/s p95 120 ms}. */
    public String line() {
        StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, "t=%4.0fs", atSeconds));
        services.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.append(String.format(
                java.util.Locale.ROOT, " | %s wish %2s applied %2s healthy %2d", e.getKey(), count(e.getValue().wish()),
                count(e.getValue().applied()), e.getValue().healthy())));
        b.append(String.format(java.util.Locale.ROOT, " | instances %d active %d draining, group %d | %.0f/s p95 %s ms",
                instances, draining, groupDesired, offeredPerSec,
                Double.isNaN(p95Ms) ? "-" : String.format(java.util.Locale.ROOT, "%.0f", p95Ms)));
        return b.toString();
    }

    private static String count(int n) {
        return n < 0 ? "-" : Integer.toString(n);
    }
}
