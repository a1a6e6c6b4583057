package io.microscaler.bench;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The Kafka Streams reference's per-service, per-second aggregate: count, errors, latency sum and
 * max, as the 1-second buckets of microscaler's windows hold them. Mutable: the aggregator updates
 * the instance the store hands it, which it then serialises back (32 bytes).
 */
final class WindowAggregate {

    long count;
    long errors;
    long latencySumMs;
    long latencyMaxMs;

    WindowAggregate add(long latencyMs, boolean error) {
        count++;
        if (error) {
            errors++;
        }
        latencySumMs += latencyMs;
        latencyMaxMs = Math.max(latencyMaxMs, latencyMs);
        return this;
    }

    static Serde<WindowAggregate> serde() {
        Serializer<WindowAggregate> serializer = (topic, a) -> a == null ? null : ByteBuffer.allocate(32)
                .putLong(a.count).putLong(a.errors).putLong(a.latencySumMs).putLong(a.latencyMaxMs).array();
        Deserializer<WindowAggregate> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            WindowAggregate a = new WindowAggregate();
            a.count = b.getLong();
            a.errors = b.getLong();
            a.latencySumMs = b.getLong();
            a.latencyMaxMs = b.getLong();
            return a;
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
