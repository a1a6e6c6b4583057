package io.microscaler.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * A service's home partition: where Kafka's default partitioner puts a record keyed by the service
 * id (murmur2 of the key's UTF-8 bytes, made positive, modulo the partition count). The one rule of
 * ownership: whoever consumes a service's home partition of the requests topic owns the service,
 * so a record that a producer keyed by anything else (or not at all) is sent on to the home
 * partition instead of being read by a second owner.
 */
public final class ServicePartitions {

    private ServicePartitions() {
    }

    /** The partition of {@code partitions} (at least 1) that a record keyed by {@code service} goes to. */
    public static int home(String service, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, but was " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(service.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
