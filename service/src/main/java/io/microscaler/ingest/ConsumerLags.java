package io.microscaler.ingest;

import io.microscaler.observability.ConsumerLag.Partition;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Reads a consumer's lag per partition from its own metrics ({@code records-lag} of the fetch
 * manager: the partition's high watermark minus the consumer's position, as of its last fetch).
 * Reading a consumer's metrics is safe from any thread and costs a map walk, so the ingest
 * verticle does it once a tick on its own context.
 */
final class ConsumerLags {

    static final String GROUP = "consumer-fetch-manager-metrics";
    static final String RECORDS_LAG = "records-lag";

    /**
     * @param topics the topics consumed: Kafka also reports a topic with dots under a deprecated
     *               name with underscores, which this keeps out
     */
    static Map<Partition, Double> of(Map<MetricName, ? extends Metric> metrics, Set<String> topics) {
        Map<Partition, Double> lags = new HashMap<>();
        metrics.forEach((name, metric) -> {
            if (!RECORDS_LAG.equals(name.name()) || !GROUP.equals(name.group())) {
                return;
            }
            String topic = name.tags().get("topic");
            String partition = name.tags().get("partition");
            if (topic == null || partition == null || !topics.contains(topic)
                    || !(metric.metricValue() instanceof Number value) || Double.isNaN(value.doubleValue())) {
                return;
            }
            try {
                lags.put(new Partition(topic, Integer.parseInt(partition)), value.doubleValue());
            } catch (NumberFormatException e) {
                // not a partition number: not a metric of ours
            }
        });
        return lags;
    }

    private ConsumerLags() {
    }
}
