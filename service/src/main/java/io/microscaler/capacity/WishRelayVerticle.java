package io.microscaler.capacity;

import io.microscaler.bus.Addresses;
import io.microscaler.bus.CapacityObserved;
import io.microscaler.bus.Ownership;
import io.microscaler.bus.OwnershipChange;
import io.microscaler.config.KafkaConfig;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.kafka.KafkaClientProperties;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code cluster.enabled}, on every instance: writes what the one cluster planner needs of the
 * services this instance owns to the wishes topic: each policy decision (a wish) and each change of
 * the desired count its actuator reads. The planner may run on another instance.
 */
public final class WishRelayVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(WishRelayVerticle.class);

    private final KafkaConfig kafka;
    private final String bootstrapServers;
    private final Set<String> services;
    private final Ownership ownership = new Ownership();
    /** The desired count last written, by service: a read that repeats it is not written again. */
    private final Map<String, Integer> written = new HashMap<>();
    private KafkaProducer<byte[], byte[]> producer;

    public WishRelayVerticle(KafkaConfig kafka, String bootstrapServers, Set<String> services) {
        this.kafka = kafka;
        this.bootstrapServers = bootstrapServers;
        this.services = Set.copyOf(services);
    }

    @Override
    public Future<?> start() {
        producer = KafkaProducer.create(vertx, KafkaClientProperties.producer(kafka, bootstrapServers, "microscaler-wishes"));
        var bus = vertx.eventBus();
        return Future.all(
                bus.<Decision>localConsumer(Addresses.DECISIONS, m -> wish(m.body())).completion(),
                bus.<CapacityObserved>localConsumer(Addresses.CAPACITY, m -> observed(m.body())).completion(),
                // A service that comes back to this instance gets its count written again.
                bus.<OwnershipChange>localConsumer(Addresses.OWNERSHIP,
                        m -> ownership.update(m.body(), services).forEach(written::remove)).completion());
    }

    @Override
    public Future<?> stop() {
        return producer.close();
    }

    private void wish(Decision d) {
        if (d.reason() == Reason.CAPACITY_UNKNOWN) {
            return; // a hold while the count is not known: it says nothing of a wish
        }
        send(PlanRecords.wishKey(d.service()), PlanRecords.wish(d), d.service());
    }

    private void observed(CapacityObserved c) {
        int desired = c.capacity().desired();
        if (!ownership.owns(c.service()) || Integer.valueOf(desired).equals(written.get(c.service()))) {
            return;
        }
        written.put(c.service(), desired);
        send(PlanRecords.observedKey(c.service()), PlanRecords.observed(c.service(), desired, c.at()), c.service());
    }

    private void send(byte[] key, byte[] value, String service) {
        producer.send(KafkaProducerRecord.create(kafka.topics().wishes(), key, value)).onFailure(e -> {
            written.remove(service); // so the next read writes it again
            LOG.warn("writing {}'s wish to {} failed: {}", service, kafka.topics().wishes(), e.toString());
        });
    }
}
