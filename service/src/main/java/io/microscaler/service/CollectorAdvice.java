package io.microscaler.service;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

/**
 * What the JVM's garbage collector means for the tick, said once at start-up. A collector that
 * stops the application to copy the young generation (G1, the default; Parallel; Serial) pauses the
 * event loop for as long as it copies what every service's last tick left (its window's figures, its
 * evaluation): at 10,000 services G1's young pauses were 30–45 ms on 2 cores, and a tick that holds
 * one takes that much longer (BENCHMARKS.md, "Scale"). A concurrent collector (Shenandoah, ZGC)
 * does that work beside the event loop, with pauses under a millisecond; the container image runs
 * Shenandoah.
 */
final class CollectorAdvice {

    /** From here on a young pause is a large part of a tick (about 5 ms a tick per 1,000 services). */
    static final int MANY_SERVICES = 5_000;

    private CollectorAdvice() {
    }

    /** The collectors this JVM runs, by their management beans' names. */
    static List<String> collectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
    }

    /** Whether these collectors keep the application running while they copy (Shenandoah, ZGC). */
    static boolean concurrent(List<String> collectors) {
        return !collectors.isEmpty() && collectors.stream().allMatch(n -> n.startsWith("Shenandoah") || n.startsWith("ZGC"));
    }

    /**
     * The warning for a stop-the-world collector with {@code services} configured at or above
     * {@link #MANY_SERVICES}; empty otherwise.
     */
    static Optional<String> warning(List<String> collectors, int services) {
        if (services < MANY_SERVICES || concurrent(collectors)) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT,
                "%,d services with a collector that stops the event loop to copy (%s): its young pauses"
                        + " lengthen the ticks they fall in (30-45 ms at 10,000 services on 2 cores); run the JVM"
                        + " with -XX:+UseShenandoahGC (as the container image does) or -XX:+UseZGC (docs/deploy.md)",
                services, String.join(", ", collectors)));
    }
}
