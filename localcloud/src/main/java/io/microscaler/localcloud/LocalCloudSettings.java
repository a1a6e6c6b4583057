package io.microscaler.localcloud;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * How the local cloud behaves. Real AWS takes tens of seconds for most of these; the demo uses a
 * few seconds so a spike plays out in a minute, tests use milliseconds.
 *
 * @param host                     loopback address to listen on
 * @param port                     0 picks a free port
 * @param region                   the region in ARNs and the one clients must sign for
 * @param accountId                the account id in ARNs
 * @param taskStartDelay           PROVISIONING → RUNNING (image pull and container start)
 * @param taskStopTimeout          STOPPING → STOPPED (ECS's stopTimeout after SIGTERM)
 * @param healthCheckInterval      between target health checks, overriding the target group's
 *                                 {@code HealthCheckIntervalSeconds} when shorter (AWS's minimum is 5 s)
 * @param deregistrationDelay      a draining target's delay, overriding the target group's
 *                                 {@code deregistration_delay.timeout_seconds} when shorter
 * @param instanceBootDelay        an Auto Scaling instance's launch until it joins the cluster
 * @param spotInterruptionNotice   from a spot interruption warning to the instance's termination (AWS: 2 min)
 * @param seed                     for the random parts (faults, spread placement ties), so runs repeat
 * @param fargateStartDelay        PROVISIONING → RUNNING on Fargate: slower than EC2 (which here keeps
 *                                 its image cached), as Fargate pulls the image for every task
 */
public record LocalCloudSettings(
        String host,
        int port,
        String region,
        String accountId,
        Duration taskStartDelay,
        Duration taskStopTimeout,
        Duration healthCheckInterval,
        Duration deregistrationDelay,
        Duration instanceBootDelay,
        Duration spotInterruptionNotice,
        long seed,
        Duration fargateStartDelay) {

    /**
     * Loopback only: the control endpoints ({@code /_localcloud/faults}, {@code /_localcloud/spot-interruptions})
     * take no token, and no request is authenticated, because nothing off this machine can reach them.
     */
    public LocalCloudSettings {
        if (!isLoopback(host)) {
            throw new IllegalArgumentException("host must be a loopback address (127.0.0.1 to 127.255.255.254, ::1,"
                    + " localhost): the local cloud authenticates nothing, but was '" + host + "'");
        }
    }

    private static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Settings without a Fargate start delay of their own: Fargate then takes twice the EC2 start delay. */
    public LocalCloudSettings(String host, int port, String region, String accountId, Duration taskStartDelay,
            Duration taskStopTimeout, Duration healthCheckInterval, Duration deregistrationDelay, Duration instanceBootDelay,
            Duration spotInterruptionNotice, long seed) {
        this(host, port, region, accountId, taskStartDelay, taskStopTimeout, healthCheckInterval, deregistrationDelay,
                instanceBootDelay, spotInterruptionNotice, seed, taskStartDelay.multipliedBy(2));
    }

    /** Seconds, for the demo: a task is RUNNING 3 s after RunTask (6 s on Fargate) and healthy 2 s later. */
    public static LocalCloudSettings demo() {
        return new LocalCloudSettings("127.0.0.1", 0, "eu-west-1", "123456789012",
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(10), Duration.ofSeconds(30), 42, Duration.ofSeconds(6));
    }

    /** Milliseconds, for tests. */
    public static LocalCloudSettings fast() {
        return new LocalCloudSettings("127.0.0.1", 0, "eu-west-1", "123456789012",
                Duration.ofMillis(50), Duration.ofMillis(30), Duration.ofMillis(20), Duration.ofMillis(50),
                Duration.ofMillis(100), Duration.ofMillis(500), 42, Duration.ofMillis(300));
    }

    /** These settings with another spot notice (tests that act inside the notice need a longer one). */
    public LocalCloudSettings withSpotInterruptionNotice(Duration notice) {
        return new LocalCloudSettings(host, port, region, accountId, taskStartDelay, taskStopTimeout, healthCheckInterval,
                deregistrationDelay, instanceBootDelay, notice, seed, fargateStartDelay);
    }
}
