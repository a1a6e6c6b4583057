package io.microscaler.tasks;

import java.util.Locale;

/** A target's state as ELBv2's DescribeTargetHealth names it, plus {@link #NONE}: not read yet. */
public enum TargetHealth {
    NONE,
    INITIAL,
    HEALTHY,
    UNHEALTHY,
    UNHEALTHY_DRAINING,
    DRAINING,
    UNUSED,
    UNAVAILABLE;

    /** From the wire ({@code healthy}, {@code unhealthy.draining}, …); unknown states read as {@link #NONE}. */
    public static TargetHealth fromWire(String state) {
        if (state == null) {
            return NONE;
        }
        try {
            return valueOf(state.toUpperCase(Locale.ROOT).replace('.', '_'));
        } catch (IllegalArgumentException e) {
            return NONE;
        }
    }

    /**
     * Whether the load balancer sends it requests: healthy, or {@code unavailable} (health checks
     * disabled, when ELB routes to every target).
     */
    public boolean serving() {
        return this == HEALTHY || this == UNAVAILABLE;
    }

    /** Deregistered and waiting out the deregistration delay. */
    public boolean draining() {
        return this == DRAINING || this == UNHEALTHY_DRAINING;
    }
}
