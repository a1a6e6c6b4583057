package io.microscaler.capacity;

import io.microscaler.actuate.aws.ClusterView;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.ClusterLeadership;
import io.microscaler.cluster.PlannerStage;
import io.microscaler.config.KafkaConfig;
import io.microscaler.observability.IngestMeters;
import io.microscaler.testing.KafkaTestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * For tests: the cluster planner with its Kafka plumbing in one Vert.x, as one instance of
 * microscaler runs it (wish relay, grants reader, planner), on fresh topics of the test broker.
 */
public final class PlannerPlumbing {

    public final KafkaConfig kafka;
    public final IngestMeters meters = new IngestMeters(new SimpleMeterRegistry());

    public PlannerPlumbing(KafkaTestBroker broker, String prefix) {
        kafka = new KafkaConfig(broker.bootstrapServers(), prefix + "-group",
                new KafkaConfig.Topics(prefix + ".requests", prefix + ".demand", prefix + ".cluster",
                        prefix + ".decisions", prefix + ".dead-letter", prefix + ".wishes", prefix + ".grants",
                        prefix + ".admin", prefix + ".forecast-history"),
                2, true, Map.of());
        broker.createTopic(kafka.topics().wishes(), 2);
        broker.createTopic(kafka.topics().grants(), 2);
        broker.createTopic(kafka.topics().deadLetter(), 1);
    }

    /** Deploys relay, grants reader and planner, and makes this Vert.x the cluster's leader. */
    public void deploy(Vertx vertx, Set<String> services, Map<String, PlannerStage.Service> planned,
                       Supplier<Future<ClusterView>> read, Duration interval) throws Exception {
        get(vertx.deployVerticle(new GrantsVerticle(kafka, kafka.bootstrapServers(), services, meters)));
        get(vertx.deployVerticle(new WishRelayVerticle(kafka, kafka.bootstrapServers(), services)));
        get(vertx.deployVerticle(new ClusterPlannerVerticle(floor -> new PlannerStage(planned, floor), read, interval,
                Clock.systemUTC(), kafka, kafka.bootstrapServers(), meters)));
        vertx.eventBus().publish(Addresses.CLUSTER_LEADERSHIP, new ClusterLeadership("test", true));
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
