package io.microscaler.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** The JVM's garbage collector, named on each results block: G1 and Shenandoah give different ticks. */
final class GcInUse {

    private GcInUse() {
    }

    /** e.g. "G1 Young Generation + G1 Old Generation". */
    static String inUse() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(java.util.stream.Collectors.joining(" + "));
    }
}
