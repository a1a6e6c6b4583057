package io.microscaler.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.observability.ConsumerLag.Partition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/** Lag per partition from a consumer's own metrics. */
class ConsumerLagsTest {

    private static MetricName name(String name, String group, String topic, String partition) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("client-id", "ingest-1");
        if (topic != null) {
            tags.put("topic", topic);
        }
        if (partition != null) {
            tags.put("partition", partition);
        }
        return new MetricName(name, group, "", tags);
    }

    private static Metric value(MetricName name, Object value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
    }

    private static void put(Map<MetricName, Metric> metrics, MetricName name, Object value) {
        metrics.put(name, value(name, value));
    }

    @Test
    void readsRecordsLagPerPartitionOfTheConsumedTopicsOnly() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        put(metrics, name("records-lag", ConsumerLags.GROUP, "microscaler.requests", "0"), 12.0);
        put(metrics, name("records-lag", ConsumerLags.GROUP, "microscaler.requests", "3"), 0.0);
        // Kafka's deprecated duplicate of a dotted topic name, with underscores
        put(metrics, name("records-lag", ConsumerLags.GROUP, "microscaler_requests", "0"), 12.0);
        // other metrics: the topic-wide maximum, another group, another topic, no value yet
        put(metrics, name("records-lag-max", ConsumerLags.GROUP, "microscaler.requests", "0"), 40.0);
        put(metrics, name("records-lag", "consumer-metrics", "microscaler.requests", "1"), 9.0);
        put(metrics, name("records-lag", ConsumerLags.GROUP, "other", "0"), 9.0);
        put(metrics, name("records-lag", ConsumerLags.GROUP, "microscaler.demand", "2"), Double.NaN);
        put(metrics, name("records-lag", ConsumerLags.GROUP, "microscaler.demand", null), 1.0);

        assertThat(ConsumerLags.of(metrics, Set.of("microscaler.requests", "microscaler.demand"))).isEqualTo(Map.of(
                new Partition("microscaler.requests", 0), 12.0,
                new Partition("microscaler.requests", 3), 0.0));
    }
}
