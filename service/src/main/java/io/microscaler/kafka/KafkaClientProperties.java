package io.microscaler.kafka;

import io.microscaler.config.KafkaConfig;
import java.util.HashMap;
import java.util.Map;

/** Kafka client settings microscaler's consumers and producers share, from {@link KafkaConfig}. */
public final class KafkaClientProperties {

    /**
     * For ingest consumers: manual commits (only once records are in the windows), byte arrays
     * (so a malformed record reaches our decoder instead of failing inside poll), and the
     * cooperative assignor, so a rebalance moves only the partitions that change owner and the
     * others keep their windows.
     */
    public static Map<String, String> consumer(KafkaConfig kafka, String bootstrapServers, String clientId) {
        Map<String, String> p = common(kafka, bootstrapServers, clientId);
        p.put("group.id", kafka.groupId());
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "latest");
        p.put("partition.assignment.strategy",
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        p.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.put("max.poll.records", "2000");
        // Failover in seconds, not Kafka's default 45 s: a member that stops heartbeating (kill -9, a
        // partition) is removed after session.timeout.ms, and only then are its partitions assigned to
        // the survivors. 6 s is the broker's default group.min.session.timeout.ms, the shortest a
        // stock broker accepts; heartbeats every 2 s, as the consumer docs advise ("no higher than
        // 1/3 of" the session timeout), so one lost heartbeat does not evict a live member. A clean
        // stop leaves the group at once (close() sends LeaveGroup). No static membership
        // (group.instance.id, KIP-345): it keeps a restarting member's partitions away from the
        // others for the whole session timeout, to save a rebalance that is cheap with the
        // cooperative assignor. Users' kafka.properties win over both.
        p.putIfAbsent("session.timeout.ms", "6000");
        p.putIfAbsent("heartbeat.interval.ms", "2000");
        return p;
    }

    /**
     * For a reader of a whole topic outside any group (the cluster planner's wishes, the grants):
     * it assigns itself every partition and commits nothing, so it has no group to rebalance.
     */
    public static Map<String, String> follower(KafkaConfig kafka, String bootstrapServers, String clientId) {
        Map<String, String> p = common(kafka, bootstrapServers, clientId);
        p.remove("group.id");
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        p.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        p.put("max.poll.records", "2000");
        return p;
    }

    /** For dead-letter and audit producers: nothing acknowledged is lost. */
    public static Map<String, String> producer(KafkaConfig kafka, String bootstrapServers, String clientId) {
        Map<String, String> p = common(kafka, bootstrapServers, clientId);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "5");
        p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return p;
    }

    /**
     * For a consumer that reads a whole topic without a group (the admin topic: every instance reads
     * all of it); the reader sets its own deserializers.
     */
    public static Map<String, String> reader(KafkaConfig kafka, String bootstrapServers, String clientId) {
        return common(kafka, bootstrapServers, clientId);
    }

    /** For the admin client (topic creation, broker health). */
    public static Map<String, String> admin(KafkaConfig kafka, String bootstrapServers, String clientId) {
        return common(kafka, bootstrapServers, clientId);
    }

    private static Map<String, String> common(KafkaConfig kafka, String bootstrapServers, String clientId) {
        Map<String, String> p = new HashMap<>(kafka.properties());
        p.put("bootstrap.servers", bootstrapServers);
        p.put("client.id", clientId);
        return p;
    }

    private KafkaClientProperties() {
    }
}
