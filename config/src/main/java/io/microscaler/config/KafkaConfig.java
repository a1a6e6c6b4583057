package io.microscaler.config;

import java.util.Map;
import java.util.TreeSet;

/**
 * Kafka (keys {@code kafka.*}).
 *
 * @param bootstrapServers the brokers, {@code host:port[,host:port...]}; required wherever the
 *                         autoscaler runs ({@link #requiredBootstrapServers()}): an unset value is
 *                         an error, never a quiet embedded broker (only the local world of
 *                         {@code demo} and {@code run --local} starts one)
 * @param partitions       partitions for topics microscaler creates
 * @param createTopics     create missing topics at start
 * @param properties       passed as they are to every Kafka client: {@code kafka.properties.*}
 *                         with those {@code kafka.security} stands for ({@link KafkaSecurity});
 *                         values are redacted in {@link #toString()}
 * @param security         {@code kafka.security}, for display: its properties are in {@code properties}
 */
public record KafkaConfig(
        String bootstrapServers,
        String groupId,
        Topics topics,
        int partitions,
        boolean createTopics,
        Map<String, String> properties,
        KafkaSecurity.Mode security) {

    public KafkaConfig {
        properties = Map.copyOf(properties);
        if (security == null) {
            security = KafkaSecurity.Mode.NONE;
        }
    }

    /** With {@code kafka.security: none}: the properties alone say how clients connect. */
    public KafkaConfig(String bootstrapServers, String groupId, Topics topics, int partitions, boolean createTopics,
                       Map<String, String> properties) {
        this(bootstrapServers, groupId, topics, partitions, createTopics, properties, KafkaSecurity.Mode.NONE);
    }

    public boolean hasBootstrapServers() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    /**
     * The brokers to connect to.
     *
     * @throws ConfigException naming {@code kafka.bootstrapServers} when it is not set
     */
    public String requiredBootstrapServers() {
        if (!hasBootstrapServers()) {
            throw new ConfigException("kafka.bootstrapServers", bootstrapServers == null ? "" : bootstrapServers,
                    "host:port[,host:port...] of your Kafka brokers (an embedded broker starts only for demo, run"
                            + " without --config, or run --local)",
                    "not set in the file or the environment variable " + EnvNames.variableFor("kafka.bootstrapServers"));
        }
        return bootstrapServers;
    }

    @Override
    public String toString() {
        return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", groupId=" + groupId + ", topics=" + topics
                + ", partitions=" + partitions + ", createTopics=" + createTopics
                + ", security=" + security.configName()
                + ", properties=" + new TreeSet<>(properties.keySet()) + " (values redacted)]";
    }

    /**
     * Topic names (keys {@code kafka.topics.*}).
     *
     * @param wishes every service's wish and observed count, for the cluster planner (compacted)
     * @param grants the cluster planner's grants, for the owning instances' actuators
     * @param admin  operators' pauses and pins (compacted, one partition)
     * @param forecastHistory the predictive policy's per-minute busy rates, so that a new owner forecasts at once
     */
    public record Topics(String requests, String demand, String cluster, String decisions, String deadLetter,
                         String wishes, String grants, String admin, String forecastHistory) {
    }
}
