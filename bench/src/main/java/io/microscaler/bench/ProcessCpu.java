package io.microscaler.bench;

import java.lang.management.ManagementFactory;

/** CPU time used by this JVM so far, all threads: what a run cost, whatever else the machine was doing. */
final class ProcessCpu {

    static long nanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private ProcessCpu() {
    }
}
