package io.microscaler.localcloud.elb;

/** A target's health as DescribeTargetHealth names it, with the reason and description AWS gives. */
enum HealthState {
    INITIAL("initial", "Elb.RegistrationInProgress", "Target registration is in progress"),
    HEALTHY("healthy", null, null),
    UNHEALTHY("unhealthy", "Target.FailedHealthChecks", "Health checks failed"),
    DRAINING("draining", "Target.DeregistrationInProgress", "Target deregistration is in progress"),
    UNAVAILABLE("unavailable", "Target.HealthCheckDisabled", "Health checks disabled"),
    UNUSED("unused", "Target.NotRegistered", "Target is not registered to the target group");

    final String wire;
    final String reason;
    final String description;

    HealthState(String wire, String reason, String description) {
        this.wire = wire;
        this.reason = reason;
        this.description = description;
    }

    /** Whether the load balancer sends requests to it (with health checks off, ELB routes to every target). */
    boolean routable() {
        return this == HEALTHY || this == UNAVAILABLE;
    }
}
