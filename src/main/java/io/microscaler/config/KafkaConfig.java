package io.microscaler.config;

import java.util.Map;

/**
 * Kafka (keys {@code kafka.*}).
 *
 * @param bootstrapServers empty: start an embedded broker on loopback
 * @param partitions       partitions for topics microscaler creates
 * @param createTopics     create missing topics at start
 * @param properties       passed as they are to every Kafka client ({@code kafka.properties.*}),
 *                         e.g. security settings; values are redacted in {@link #toString()}
 */
public record KafkaConfig(
        String bootstrapServers,
        String groupId,
        Topics topics,
        int partitions,
        boolean createTopics,
        Map<String, String> properties) {

    public KafkaConfig {
        properties = Map.copyOf(properties);
    }

    public boolean embedded() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }

    @Override
    public String toString() {
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", topics=" + topics
                + ", partitions=" + partitions + ", createTopics=" + createTopics
                + ", properties=" + properties.keySet() + " (values redacted)]";
    }

    /** Topic names (keys {@code kafka.topics.*}). */
    public record Topics(String requests, String demand, String cluster, String decisions, String deadLetter) {
    }
}
