package io.microscaler.admin;

import io.microscaler.bus.Addresses;
import io.microscaler.bus.AdminAction;
import io.microscaler.bus.OwnershipChange;
import io.microscaler.override.Pin;
import io.microscaler.override.ServiceOverrides;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's {@link AdminBoard} equal to the admin topic, and writes operators' commands
 * to it. Deploy one per instance, before the pipeline: {@link #start} completes only once the topic
 * has been read to the end it had at start, so a service paused before a restart is never actuated
 * by the new process, and every instance knows every override whoever owns the service.
 *
 * <p>The topic is read without a consumer group (every instance reads all of it, from the
 * beginning: it is compacted, one record per service and kind), and followed afterwards. A command
 * ({@link Addresses#ADMIN_COMMANDS}) is answered once its record is acknowledged by the broker
 * <em>and</em> read back here, so the caller's next {@code GET /api/services} on this instance shows
 * it; the instance owning the service applies it at its next tick, wherever the call was made. Each
 * written command is published on {@link Addresses#ADMIN_ACTIONS} for the audit topic.
 *
 * <p>A pin's expiry needs no write: the rule reads the pin's {@code until} against the owner's
 * clock. The instance owning the service announces it once on {@link Addresses#ADMIN_ACTIONS}
 * ({@code pin-expired}, by {@code microscaler}) within a second of its expiry, if it was running then.
 */
public final class AdminStateVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(AdminStateVerticle.class);
    /** A command not read back by then is answered 503: the broker did not take it, or took it and we cannot read. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final long CATCH_UP_CHECK_MS = 50;
    private static final long EXPIRY_CHECK_MS = 1_000;

    private final String topic;
    private final Map<String, String> readerProperties;
    private final Map<String, String> producerProperties;
    private final AdminBoard board;
    private final Clock clock;
    private final boolean required;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    /** By partition, the offset read back last; and commands waiting to be read back. */
    private final Map<Integer, Long> readUpTo = new HashMap<>();
    private final List<Waiting> waiting = new ArrayList<>();
    /** Pins whose expiry this instance announced, so that each is announced once. */
    private final Set<Pin> announced = new HashSet<>();
    /** When this instance started: a pin that ended before then is not announced (it ended while we were away). */
    private Instant startedAt;
    private Map<String, Set<String>> ownedBy;
    private long expiryTimer = -1;

    private record Waiting(int partition, long offset, Promise<Void> promise) {
    }

    /**
     * @param readerProperties a consumer's properties without a group (bootstrap, security)
     * @param clock            the owner's clock: when commands happened, and when pins expire
     */
    public AdminStateVerticle(String topic, Map<String, String> readerProperties, Map<String, String> producerProperties,
                              AdminBoard board, Clock clock) {
        this(topic, readerProperties, producerProperties, board, clock, true);
    }

    /**
     * @param required whether a missing admin topic stops start-up (the admin API is on here); without
     *                 it an instance whose topics are managed elsewhere starts as before, with no overrides
     */
    public AdminStateVerticle(String topic, Map<String, String> readerProperties, Map<String, String> producerProperties,
                              AdminBoard board, Clock clock, boolean required) {
        this.required = required;
        this.topic = topic;
        this.readerProperties = Map.copyOf(readerProperties);
        this.producerProperties = Map.copyOf(producerProperties);
        this.board = board;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        startedAt = clock.instant();
        Map<String, String> reader = new HashMap<>(readerProperties);
        reader.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        reader.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        reader.put("enable.auto.commit", "false");
        reader.put("auto.offset.reset", "earliest");
        reader.remove("group.id");
        reader.put("allow.auto.create.topics", "false"); // an auto-created topic would not be compacted
        consumer = KafkaConsumer.create(vertx, reader);
        consumer.exceptionHandler(e -> LOG.warn("reading the admin topic {}: {}", topic, e.toString()));
        Map<String, String> writer = new HashMap<>(producerProperties);
        writer.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        writer.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        producer = KafkaProducer.create(vertx, writer);
        var bus = vertx.eventBus();
        bus.<OwnershipChange>localConsumer(Addresses.OWNERSHIP, m -> ownership(m.body()));
        return consumer.partitionsFor(topic)
                .compose(infos -> {
                    Set<TopicPartition> partitions = infos.stream()
                            .map(i -> new TopicPartition(topic, i.getPartition())).collect(Collectors.toSet());
                    if (partitions.isEmpty()) {
                        if (!required) {
                            // Topics managed elsewhere, and no admin API here: run as before overrides existed.
                            LOG.info("the admin topic '{}' does not exist and the admin API is off here: no overrides"
                                    + " are read", topic);
                            return Future.succeededFuture();
                        }
                        return Future.failedFuture(new IllegalStateException("the admin topic '" + topic
                                + "' does not exist: create it (cleanup.policy=compact) or set kafka.createTopics: true"));
                    }
                    consumer.handler(this::read);
                    return consumer.assign(partitions)
                            .compose(v -> consumer.seekToBeginning(partitions))
                            .compose(v -> consumer.endOffsets(partitions))
                            .compose(this::caughtUp);
                })
                .compose(v -> bus.<AdminAction>localConsumer(Addresses.ADMIN_COMMANDS, this::command).completion())
                .onSuccess(v -> {
                    expiryTimer = vertx.setPeriodic(EXPIRY_CHECK_MS, id -> announceExpiries());
                    LOG.info("admin overrides read from {}: {}", topic, board.all().isEmpty() ? "none"
                            : board.all().values().stream().map(AdminStateVerticle::describe).toList());
                });
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(expiryTimer);
        waiting.forEach(w -> w.promise().tryFail("stopping"));
        return Future.join(consumer.close(), producer.close());
    }

    /** Completes once the consumer's position in every partition has reached the end it had at start. */
    private Future<Void> caughtUp(Map<TopicPartition, Long> ends) {
        Promise<Void> done = Promise.promise();
        checkCaughtUp(ends, done);
        return done.future();
    }

    private void checkCaughtUp(Map<TopicPartition, Long> ends, Promise<Void> done) {
        List<Future<Boolean>> checks = ends.entrySet().stream()
                .map(e -> e.getValue() == 0 ? Future.succeededFuture(true)
                        : consumer.position(e.getKey()).map(p -> p >= e.getValue()))
                .toList();
        Future.all(checks).onComplete(r -> {
            if (r.succeeded() && checks.stream().allMatch(Future::result)) {
                done.tryComplete();
            } else {
                vertx.setTimer(CATCH_UP_CHECK_MS, id -> checkCaughtUp(ends, done));
            }
        });
    }

    private void read(KafkaConsumerRecord<String, byte[]> record) {
        String service = OverrideRecords.serviceOf(record.key());
        if (service == null) {
            LOG.warn("admin topic {} partition {} offset {}: key '{}' is none of ours (pause:<service> or pin:<service>);"
                    + " skipped", topic, record.partition(), record.offset(), record.key());
        } else {
            try {
                ServiceOverrides before = board.get(service).orElse(ServiceOverrides.none(service));
                ServiceOverrides after = OverrideRecords.apply(before, record.key(), record.value());
                board.put(after);
                LOG.debug("admin overrides of {}: {}", service, describe(after));
            } catch (IllegalArgumentException e) {
                LOG.warn("admin topic {} partition {} offset {}: {}; skipped", topic, record.partition(), record.offset(),
                        e.getMessage());
            }
        }
        readUpTo.merge(record.partition(), record.offset(), Math::max);
        waiting.removeIf(w -> {
            if (w.partition() == record.partition() && w.offset() <= record.offset()) {
                w.promise().tryComplete();
                return true;
            }
            return false;
        });
    }

    private void command(Message<AdminAction> message) {
        AdminAction action = message.body();
        KafkaProducerRecord<String, byte[]> record = KafkaProducerRecord.create(topic, OverrideRecords.key(action),
                OverrideRecords.value(action));
        producer.send(record)
                .compose(meta -> readBack(meta.getPartition(), meta.getOffset()))
                .onSuccess(v -> {
                    vertx.eventBus().publish(Addresses.ADMIN_ACTIONS, action);
                    message.reply(board.get(action.service()).orElse(ServiceOverrides.none(action.service())));
                })
                .onFailure(e -> {
                    LOG.warn("admin {} of {} by {} not written to {}: {}", action.kind().label(), action.service(),
                            action.by(), topic, e.toString());
                    message.fail(503, "the admin topic did not take the change: " + e.getMessage());
                });
    }

    private Future<Void> readBack(int partition, long offset) {
        if (readUpTo.getOrDefault(partition, -1L) >= offset) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        Waiting w = new Waiting(partition, offset, promise);
        waiting.add(w);
        long timer = vertx.setTimer(COMMAND_TIMEOUT.toMillis(), id -> {
            waiting.remove(w);
            promise.tryFail("written, but not read back within " + COMMAND_TIMEOUT.toSeconds() + " s");
        });
        return promise.future().onComplete(r -> vertx.cancelTimer(timer));
    }

    // --- expiry announcements -------------------------------------------------------------------

    private void ownership(OwnershipChange change) {
        if (ownedBy == null) {
            ownedBy = new HashMap<>();
        }
        ownedBy.put(change.owner(), change.services());
    }

    /** As the actuator fences: before any report, or while an owner cannot tell, every service counts as ours. */
    private boolean owns(String service) {
        if (ownedBy == null) {
            return true;
        }
        for (Set<String> services : ownedBy.values()) {
            if (services == null || services.contains(service)) {
                return true;
            }
        }
        return false;
    }

    private void announceExpiries() {
        Instant now = clock.instant();
        Set<Pin> current = new HashSet<>();
        for (ServiceOverrides o : board.all().values()) {
            o.pin().ifPresent(pin -> {
                current.add(pin);
                if (!pin.holdsAt(now) && pin.until().isAfter(startedAt) && owns(o.service()) && announced.add(pin)) {
                    LOG.info("admin pin of {} at {} by {} expired at {}", o.service(), pin.count(), pin.by(), pin.until());
                    vertx.eventBus().publish(Addresses.ADMIN_ACTIONS, new AdminAction(AdminAction.Kind.PIN_EXPIRED,
                            o.service(), "microscaler", "pinned at " + pin.count() + " by " + pin.by() + ": " + pin.reason(),
                            now, java.util.OptionalInt.of(pin.count()), java.util.Optional.of(pin.until())));
                }
            });
        }
        announced.retainAll(current);
    }

    /** {@code iiif: paused by alice (incident 42); pinned at 6 by bob until …}, for the log. */
    static String describe(ServiceOverrides o) {
        List<String> parts = new ArrayList<>();
        o.pause().ifPresent(p -> parts.add("paused by " + p.by() + " (" + p.reason() + ")"));
        o.pin().ifPresent(p -> parts.add("pinned at " + p.count() + " by " + p.by() + " until " + p.until()
                + " (" + p.reason() + ")"));
        return o.service() + ": " + String.join("; ", parts);
    }

}
