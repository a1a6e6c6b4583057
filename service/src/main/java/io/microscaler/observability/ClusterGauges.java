package io.microscaler.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.microscaler.cluster.CapacityEvaluation;
import java.util.function.Supplier;

/** The cluster's capacity as the headroom rule last saw it (only with {@code cluster.enabled}). */
public final class ClusterGauges {

    public static void register(MeterRegistry registry, Supplier<CapacityEvaluation> last) {
        Gauge.builder("microscaler_cluster_schedulable_tasks", () -> read(last, e -> e.headroom()))
                .description("Schedulable-task headroom: Σ over active instances of how many of the largest task still fit")
                .register(registry);
        Gauge.builder("microscaler_cluster_launching_instances", () -> read(last, e -> e.launchingInstances()))
                .description("Instances the Auto Scaling group was asked for that have not joined the cluster yet")
                .register(registry);
    }

    private static double read(Supplier<CapacityEvaluation> last, java.util.function.ToIntFunction<CapacityEvaluation> field) {
        CapacityEvaluation e = last.get();
        return e == null ? Double.NaN : field.applyAsInt(e);
    }

    private ClusterGauges() {
    }
}
