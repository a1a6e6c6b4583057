package io.microscaler.kafka;

import io.microscaler.config.KafkaConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
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

    public static Future<Void> ensure(Vertx vertx, KafkaConfig kafka, String bootstrapServers) {
        if (!kafka.createTopics()) {
            return Future.succeededFuture();
        }
        KafkaConfig.Topics t = kafka.topics();
        List<String> wanted = List.of(t.requests(), t.demand(), t.cluster(), t.decisions(), t.deadLetter());
        Admin admin = Admin.create(new HashMap<>(KafkaClientProperties.admin(kafka, bootstrapServers, "microscaler-topics")));
        var context = vertx.getOrCreateContext();
        return Future.fromCompletionStage(admin.listTopics().names().toCompletionStage(), context)
                .compose(existing -> create(admin, wanted, existing, kafka.partitions(), context))
                // A wrong password or a missing ACL shows here first: say where and which settings.
                .recover(e -> Future.failedFuture(KafkaAccessException.explain(e, kafka, bootstrapServers,
                        "listing and creating its topics")))
                // Admin.close waits for its thread: do it off the event loop.
                .eventually(() -> vertx.executeBlocking(() -> {
                    admin.close();
                    return null;
                }));
    }

    private static Future<Void> create(Admin admin, List<String> wanted, Set<String> existing, int partitions,
                                       io.vertx.core.Context context) {
        List<NewTopic> missing = wanted.stream().distinct().filter(name -> !existing.contains(name))
                .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty())).toList();
        if (missing.isEmpty()) {
            return Future.succeededFuture();
        }
        LOG.info("creating topics {} with {} partitions", missing.stream().map(NewTopic::name).toList(), partitions);
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
