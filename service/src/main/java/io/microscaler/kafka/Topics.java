package io.microscaler.kafka;

import io.microscaler.config.ConfigException;
import io.microscaler.config.KafkaConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates microscaler's topics where they are missing (when {@code kafka.createTopics} is on).
 * Uses Kafka's own async Admin: the Vert.x wrapper cannot ask for the broker's default
 * replication factor, which is what a topic should get on an unknown cluster.
 */
public final class Topics {

    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);

    /** The forecast history is read back this far: the forecaster's 7 days, and a day's margin. */
    static final String HISTORY_RETENTION_MS = Long.toString(java.time.Duration.ofDays(8).toMillis());

    /**
     * @param clusterLoop with {@code cluster.enabled}: also the planner's wishes (compacted) and grants topics
     * @param predictive  some service is predictive: also the forecast history topic
     */
    public static Future<Void> ensure(Vertx vertx, KafkaConfig kafka, String bootstrapServers, boolean clusterLoop,
                                      boolean predictive) {
        if (!kafka.createTopics()) {
            return predictive ? requireHistory(vertx, kafka, bootstrapServers) : Future.succeededFuture();
        }
        KafkaConfig.Topics t = kafka.topics();
        List<String> names = new java.util.ArrayList<>(List.of(t.requests(), t.demand(), t.cluster(), t.decisions(),
                t.deadLetter()));
        if (clusterLoop) {
            names.addAll(List.of(t.wishes(), t.grants()));
        }
        // The wishes topic keeps the latest record of each key for ever (compaction): a new leader of
        // the planner reads every service's wish from it, however long ago it was written.
        Set<String> compacted = Set.of(t.wishes());
        List<NewTopic> wanted = new java.util.ArrayList<>(names.stream().distinct()
                .map(name -> new NewTopic(name, Optional.of(kafka.partitions()), Optional.empty())
                        .configs(compacted.contains(name) ? Map.of("cleanup.policy", "compact") : Map.of())).toList());
        // Operators' overrides: a handful of records, read whole by every instance at start. Compacted,
        // so the latest record per service and kind stays for ever; one partition, so they stay in order.
        wanted.add(new NewTopic(t.admin(), Optional.of(1), Optional.empty()).configs(Map.of("cleanup.policy", "compact")));
        if (predictive) {
            // One record per predictive service per minute, read back by time: deleted by age, not compacted
            // (a key per service and minute would be needed, and the reader reads by time anyway).
            wanted.add(new NewTopic(t.forecastHistory(), Optional.of(kafka.partitions()), Optional.empty())
                    .configs(Map.of("cleanup.policy", "delete", "retention.ms", HISTORY_RETENTION_MS)));
        }
        Admin admin = Admin.create(new HashMap<>(KafkaClientProperties.admin(kafka, bootstrapServers, "microscaler-topics")));
        var context = vertx.getOrCreateContext();
        return Future.fromCompletionStage(admin.listTopics().names().toCompletionStage(), context)
                .compose(existing -> create(admin, wanted, existing, context))
                // A wrong password or a missing ACL shows here first: say where and which settings.
                .recover(e -> Future.failedFuture(KafkaAccessException.explain(e, kafka, bootstrapServers,
                        "listing and creating its topics")))
                // Admin.close waits for its thread: do it off the event loop.
                .eventually(() -> vertx.executeBlocking(() -> {
                    admin.close();
                    return null;
                }));
    }

    /**
     * Where topics are managed elsewhere, the forecast history topic must exist before a predictive
     * service starts: its writes would otherwise fail one by one, each after the producer's wait for
     * metadata, and every new owner would forecast from nothing. Said once, at start, with its key.
     */
    private static Future<Void> requireHistory(Vertx vertx, KafkaConfig kafka, String bootstrapServers) {
        String topic = kafka.topics().forecastHistory();
        Admin admin = Admin.create(new HashMap<>(KafkaClientProperties.admin(kafka, bootstrapServers, "microscaler-topics")));
        return Future.fromCompletionStage(admin.listTopics().names().toCompletionStage(), vertx.getOrCreateContext())
                .recover(e -> Future.failedFuture(KafkaAccessException.explain(e, kafka, bootstrapServers,
                        "looking for the forecast history topic " + topic)))
                .compose(existing -> existing.contains(topic) ? Future.<Void>succeededFuture()
                        : Future.<Void>failedFuture(new ConfigException("kafka.topics.forecastHistory", topic,
                        "an existing topic: a service is predictive and kafka.createTopics is false, so microscaler"
                                + " does not create it; create it with cleanup.policy=delete and retention.ms="
                                + HISTORY_RETENTION_MS + " (8 days), or set kafka.createTopics: true", null)))
                .eventually(() -> vertx.executeBlocking(() -> {
                    admin.close();
                    return null;
                }));
    }

    private static Future<Void> create(Admin admin, List<NewTopic> wanted, Set<String> existing,
                                       io.vertx.core.Context context) {
        List<NewTopic> missing = wanted.stream().filter(topic -> !existing.contains(topic.name())).toList();
        if (missing.isEmpty()) {
            return Future.succeededFuture();
        }
        LOG.info("creating topics {}", missing.stream().map(n -> n.name() + " (" + n.numPartitions()
                + " partitions" + (n.configs() == null || n.configs().isEmpty() ? "" : ", " + n.configs()) + ")").toList());
        return Future.fromCompletionStage(admin.createTopics(missing).all().toCompletionStage(), context)
                .recover(e -> {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    // Another instance may have created them meanwhile.
                    return cause instanceof TopicExistsException || e instanceof TopicExistsException
                            ? Future.succeededFuture() : Future.failedFuture(e);
                });
    }

    private Topics() {
    }
}
