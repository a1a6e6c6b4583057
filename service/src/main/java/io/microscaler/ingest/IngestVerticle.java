package io.microscaler.ingest;

import io.microscaler.bus.Addresses;
import io.microscaler.bus.CapacityObserved;
import io.microscaler.bus.OwnershipChange;
import io.microscaler.bus.ServiceStatus;
import io.microscaler.bus.ServiceStatuses;
import io.microscaler.config.IngestConfig.UnknownServices;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.decision.Decision;
import io.microscaler.evaluate.OwnedService;
import io.microscaler.evaluate.OwnedServices;
import io.microscaler.evaluate.ServiceEvaluator;
import io.microscaler.evaluate.TickAlignment;
import io.microscaler.evaluate.TickPass;
import io.microscaler.forecast.ClosedSlot;
import io.microscaler.forecast.LoadForecaster;
import io.microscaler.history.HistoryReader;
import io.microscaler.history.HistoryWriter;
import io.microscaler.kafka.KafkaClientProperties;
import io.microscaler.kafka.ServicePartitions;
import io.microscaler.observability.IngestMeters;
import io.microscaler.observability.IngestMeters.Outcome;
import io.microscaler.window.RecordOutcome;
import io.microscaler.window.ServiceWindow;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.consumer.OffsetAndTimestamp;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer in the ingest group. It owns the windows of the services on the partitions it
 * consumes (no event-bus message per event), rebuilds them on assignment, and on every tick
 * evaluates them and publishes decisions. All its state lives on its own context: no locks.
 */
public final class IngestVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);

    /** Services a tick evaluates before it gives the event loop back (see {@link TickPass}). */
    private static final int TICK_PART = 1_000;
    /**
     * How often, and until how long after a tick (at most 60 % of the tick), its owner looks for records
     * that came late for it.
     */
    private static final long LATE_LOOK_MS = 100;
    private static final long LATE_LOOKS_UNTIL_MS = 600;

    /** The forecast history read back on assignment: the forecaster's 7 days and the one in progress. */
    private static final Duration HISTORY_READ_BACK = Duration.ofDays(8);
    /** The longest a read of it may take before the forecasts start from what was read. */
    private static final Duration HISTORY_DEADLINE = Duration.ofSeconds(60);

    /** Services whose history is restored before the event loop is given back. */
    private static final int HISTORY_RESTORE_PART = 10;

    /** The longest a poll with nothing to read holds up the consumer's seeks and offset queries. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** How often the offsets read are committed (see {@link PendingCommits}). */
    private static final long COMMIT_EVERY_MS = 1_000;
    private static final Duration STOP_COMMIT_WAIT = Duration.ofSeconds(2);

    private final MicroscalerConfig config;
    private final String bootstrapServers;
    private final Clock clock;
    private final IngestMeters meters;
    private final ServiceEvaluator evaluator;
    private final EventDecoder decoder;
    /** The request event being handled: the decoder writes it here rather than make two objects per record. */
    private final RequestView request = new RequestView();
    private final String owner = "ingest-" + UUID.randomUUID().toString().substring(0, 8);

    private final PartitionRebuilds rebuilds = new PartitionRebuilds();
    private final PartitionKeys partitionKeys = new PartitionKeys();
    private OwnedServices owned;
    private KafkaConsumer<byte[], byte[]> consumer;
    private DeadLetters deadLetters;
    private Reroutes reroutes;
    /** Partitions per topic we read, once known: a service's home partition is computed from it. */
    private final Map<String, Integer> partitionCounts = new HashMap<>();
    /** Per topic, the home partitions of the configured services seen on it (see {@link #homesOn}). */
    private final Map<String, Map<String, Integer>> homes = new HashMap<>();
    private volatile boolean stopping; // read on the Kafka client's thread
    private long tickTimer = -1;
    private final PendingCommits pendingCommits = new PendingCommits();
    private long commitTimer = -1;
    private TickPass tickPass; // the newest tick's: its owner looks again for late records while it is
    private HistoryWriter historyWriter; // both null: no service is predictive
    private HistoryReader historyReader;
    /** History read back for services not met yet: their forecasters take it when they are created. */
    private final Map<String, List<ClosedSlot>> pendingHistory = new HashMap<>();

    public IngestVerticle(MicroscalerConfig config, String bootstrapServers, Clock clock,
                          IngestMeters meters, ServiceEvaluator evaluator) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.clock = clock;
        this.meters = meters;
        this.evaluator = evaluator;
        this.decoder = EventDecoder.from(config.ingest());
    }

    @Override
    public Future<?> start() {
        if (config.anyPredictive()) {
            String topic = config.kafka().topics().forecastHistory();
            historyWriter = new HistoryWriter(vertx,
                    KafkaClientProperties.producer(config.kafka(), bootstrapServers, owner + "-history"), topic);
            historyReader = new HistoryReader(vertx,
                    KafkaClientProperties.follower(config.kafka(), bootstrapServers, owner + "-history-reader"),
                    topic, HISTORY_DEADLINE);
        }
        owned = new OwnedServices(config.windows(), rebuilds::isLive, this::newForecaster);
        consumer = KafkaConsumer.create(vertx, KafkaClientProperties.consumer(config.kafka(), bootstrapServers, owner));
        // The client runs offsetsForTimes, endOffsets and seeks between polls: with its default 1 s poll
        // timeout a rebuild's three steps waited ~3 s on an idle poll before the first record
        consumer.pollTimeout(POLL_TIMEOUT);
        deadLetters = DeadLetters.create(vertx, config.kafka(), bootstrapServers, owner + "-dlt", meters);
        reroutes = Reroutes.create(vertx, config.kafka(), bootstrapServers, owner + "-reroute", meters);
        consumer.exceptionHandler(e -> {
            if (stopping) {
                // The client's poll loop races its own close; nothing is lost (offsets are committed explicitly)
                LOG.debug("{}: Kafka consumer error while stopping: {}", owner, e.toString());
            } else {
                LOG.warn("{}: Kafka consumer error: {}", owner, e.toString());
            }
        });
        consumer.partitionsAssignedHandler(this::onAssigned);
        consumer.partitionsRevokedHandler(this::onRevoked);
        consumer.batchHandler(this::onBatch);
        commitTimer = vertx.setPeriodic(COMMIT_EVERY_MS, id -> commit(pendingCommits.takeAll()));
        vertx.eventBus().<CapacityObserved>localConsumer(Addresses.CAPACITY, m -> onCapacity(m.body()));
        scheduleTick(TickAlignment.firstDelayMillis(clock.millis(), config.tick().toMillis()));
        return consumer.subscribe(Set.of(config.kafka().topics().requests(), config.kafka().topics().demand()));
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(tickTimer);
        vertx.cancelTimer(commitTimer);
        meters.consumerLag().stopped(owner);
        consumer.pause(); // stop the poll loop before closing, so close does not race it
        // the last second's offsets, then the close (its wakeup would break a commit under way); a broker
        // that does not answer holds the stop for the commit's wait at most
        Future<?> committed = commit(pendingCommits.takeAll()).timeout(STOP_COMMIT_WAIT);
        return Future.join(committed.transform(done -> consumer.close()), deadLetters.close(), reroutes.close(),
                historyWriter == null ? Future.succeededFuture() : historyWriter.close());
    }

    /** A predictive service's forecaster: its closed slots written to the history, the history read back taken. */
    private LoadForecaster newForecaster(String service) {
        var configured = config.services().get(service);
        if (configured == null || configured.policy().predictive().isEmpty()) {
            return null;
        }
        LoadForecaster forecaster = LoadForecaster.withDefaults(configured.policy().predictive().get().horizon());
        forecaster.onClosed(slot -> historyWriter.write(service, slot));
        List<ClosedSlot> restored = pendingHistory.remove(service);
        if (restored != null) {
            forecaster.restore(restored, clock.instant());
        }
        return forecaster;
    }

    // --- rebalancing -------------------------------------------------------------------------

    private void onAssigned(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            publishOwnership(Set.of());
            return;
        }
        partitions.forEach(tp -> rebuilds.assigned(key(tp)));
        partitionCountsThenPublish(partitions).onComplete(known -> restoreHistory(partitions));
        long from = clock.millis() - config.windows().stableSpan().toMillis();
        Map<TopicPartition, Long> times = partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> from));
        LOG.info("{}: assigned {}; rebuilding windows from {}", owner, keys(partitions), Instant.ofEpochMilli(from));
        // End offsets first: a partition with no record since `from` is then read from its end as it was
        // before asking, so records produced between the two queries are read, not skipped
        consumer.endOffsets(partitions)
                .compose(ends -> consumer.offsetsForTimes(times).map(offsets -> seekAll(partitions, offsets, ends)))
                .onFailure(e -> {
                    // Without a rebuild the windows start empty; better than never reading the partition.
                    LOG.warn("{}: could not rebuild {} ({}); reading on from the committed offsets",
                            owner, keys(partitions), e.toString());
                    partitions.forEach(tp -> {
                        rebuilds.sought(key(tp), 0, 0);
                        owned.partitionLive(key(tp));
                    });
                });
    }

    private Void seekAll(Set<TopicPartition> partitions, Map<TopicPartition, OffsetAndTimestamp> offsets,
                         Map<TopicPartition, Long> ends) {
        for (TopicPartition tp : partitions) {
            long end = ends.getOrDefault(tp, 0L);
            OffsetAndTimestamp found = offsets.get(tp);
            long position = found == null ? end : found.getOffset(); // null: nothing that recent
            consumer.seek(tp, position).onComplete(done -> {
                if (rebuilds.sought(key(tp), position, end)) {
                    owned.partitionLive(key(tp));
                }
            });
        }
        return null;
    }

    private void onRevoked(Set<TopicPartition> partitions) {
        commit(pendingCommits.take(partitions)); // what was read of them, while they may still be ours
        Set<String> dropped = new java.util.HashSet<>();
        for (TopicPartition tp : partitions) {
            rebuilds.revoked(key(tp));
            dropped.addAll(owned.dropPartition(key(tp)));
        }
        pendingHistory.keySet().removeIf(service -> !atHomeHere(service));
        if (!partitions.isEmpty()) {
            LOG.info("{}: revoked {}; dropped services {}", owner, keys(partitions), dropped);
        }
        publishOwnership(dropped);
    }

    /** Learns the partition counts of the assigned topics (homes need them), then says what this verticle owns. */
    private Future<?> partitionCountsThenPublish(Set<TopicPartition> partitions) {
        List<Future<?>> lookups = new ArrayList<>();
        for (String topic : partitions.stream().map(TopicPartition::getTopic).collect(Collectors.toSet())) {
            lookups.add(consumer.partitionsFor(topic).onSuccess(infos -> {
                if (!infos.isEmpty()) {
                    partitionCounts.put(topic, infos.size());
                    homes.remove(topic); // computed with the count before
                }
            }));
        }
        return Future.join(lookups).andThen(done -> {
            if (done.failed()) {
                LOG.warn("{}: could not read the partition counts of {} ({}): records are read where they land until"
                        + " they are known", owner, keys(partitions), done.cause().toString());
            }
            publishOwnership(Set.of());
        });
    }

    /**
     * Reads back the forecast history of the predictive services at home on the partitions just
     * assigned: a forecaster that exists takes it at once, one not created yet when the service's
     * first record comes. Until it is read (or if it cannot be), their forecasts start from what
     * this owner sees, as before the history existed.
     */
    private void restoreHistory(Set<TopicPartition> partitions) {
        if (historyReader == null) {
            return;
        }
        Set<String> assigned = partitions.stream().map(this::key).collect(Collectors.toSet());
        Set<String> services = config.services().entrySet().stream()
                .filter(e -> e.getValue().policy().predictive().isPresent())
                .map(Map.Entry::getKey)
                .filter(service -> assigned.contains(homeKey(service)))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (services.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        historyReader.read(services, clock.instant().minus(HISTORY_READ_BACK)).onComplete(done -> {
            if (stopping) {
                return;
            }
            if (done.failed()) {
                LOG.warn("{}: could not read the forecast history of {} predictive service(s) from {} ({}); their"
                        + " forecasts start from what this instance sees", owner, services.size(),
                        config.kafka().topics().forecastHistory(),
                        done.cause().toString());
                return;
            }
            HistoryReader.Read read = done.result();
            read.rejected().forEach(r -> deadLetters.send(new KafkaConsumerRecordImpl<>(r.record()),
                    RejectReason.INVALID_VALUE, "not a forecast history record: " + r.why()));
            LOG.info("{}: read the forecast history of {} predictive service(s) {} in {} ms: {} with history, {} record(s){}{}",
                    owner, services.size(), services.size() <= 10 ? services : "", (System.nanoTime() - started) / 1_000_000,
                    read.slots().size(),
                    read.records(), read.rejected().isEmpty() ? "" : ", " + read.rejected().size() + " dead-lettered",
                    read.complete() ? "" : "; stopped at the " + HISTORY_DEADLINE.toSeconds() + " s deadline, the rest"
                            + " is not read");
            restoreSome(new ArrayList<>(read.slots().entrySet()).iterator());
        });
    }

    /**
     * Gives the history read back to the services' forecasters, {@link #HISTORY_RESTORE_PART} at a
     * time, giving the event loop back between parts: a service's 8 days cost about 1 ms
     * (BENCHMARKS.md), too much for a hundred in one go.
     */
    private void restoreSome(java.util.Iterator<Map.Entry<String, List<ClosedSlot>>> entries) {
        for (int i = 0; i < HISTORY_RESTORE_PART && entries.hasNext() && !stopping; i++) {
            var entry = entries.next();
            String service = entry.getKey();
            if (!atHomeHere(service)) {
                continue; // revoked while it was read
            }
            OwnedService existing = owned.get(service);
            if (existing != null) {
                existing.window().forecaster().ifPresent(f -> f.restore(entry.getValue(), clock.instant()));
            } else {
                pendingHistory.put(service, entry.getValue());
            }
        }
        if (entries.hasNext() && !stopping) {
            context.runOnContext(v -> restoreSome(entries));
        }
    }

    /** Whether this verticle owns the service's home partition now. */
    private boolean atHomeHere(String service) {
        String home = homeKey(service);
        return home != null && rebuilds.owned().contains(home);
    }

    /** The key of a configured service's home partition (see {@link #servicesAtHome}); null while its topic's partition count is unknown. */
    private String homeKey(String service) {
        String topic = homeTopic(service);
        Integer count = partitionCounts.get(topic);
        return count == null ? null : partitionKeys.of(topic, ServicePartitions.home(service, count));
    }

    private String homeTopic(String service) {
        return config.services().get(service).policy().demand().isPresent()
                ? config.kafka().topics().demand() : config.kafka().topics().requests();
    }

    private void publishOwnership(Set<String> dropped) {
        vertx.eventBus().publish(Addresses.OWNERSHIP,
                new OwnershipChange(owner, true, rebuilds.owned(), dropped, servicesAtHome()));
    }

    /**
     * The configured services whose home partition this verticle owns: of the demand topic for a
     * service with a demand policy, of the requests topic for any other. One topic per service, so
     * that exactly one instance may actuate it: the cooperative assignor does not keep partition i
     * of both topics together, and with either topic counting (the chaos run) two instances both
     * held svc-14 and repaired it against each other every reconcile.
     */
    private Set<String> servicesAtHome() {
        Set<String> owned = rebuilds.owned();
        Set<String> services = new java.util.TreeSet<>();
        for (String service : config.services().keySet()) {
            String home = homeKey(service);
            if (home == null) {
                String topic = homeTopic(service);
                if (owned.stream().anyMatch(p -> p.startsWith(topic + "-"))) {
                    return null; // unknown: the actuator fences nothing on this verticle's word
                }
                continue;
            }
            if (owned.contains(home)) {
                services.add(service);
            }
        }
        return services;
    }

    // --- records -----------------------------------------------------------------------------

    /**
     * A poll's records, one partition's run at a time, as Kafka hands them over: the partition's key,
     * whether it is read yet, the topic's stream and partition count, the meters and the commit are
     * looked up once per run, not per record, and the records are read as Kafka's own, without
     * Vert.x's wrapper per record (those per-record steps were about a fifth of the ingest thread's
     * time, issue 20). A record that goes to the dead-letter topic or is rerouted is wrapped then.
     */
    private void onBatch(KafkaConsumerRecords<byte[], byte[]> batch) {
        Instant now = clock.instant();
        ConsumerRecords<byte[], byte[]> records = batch.records();
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        List<Future<?>> deadLettered = new ArrayList<>();
        for (org.apache.kafka.common.TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> run = records.records(tp);
            if (run.isEmpty()) {
                continue;
            }
            String topic = tp.topic();
            String partition = partitionKeys.of(topic, tp.partition());
            if (!rebuilds.accepts(partition)) {
                meters.record(topic, Outcome.SKIPPED_BEFORE_SEEK, run.size());
                continue;
            }
            Run counts = new Run(topic, tp.partition(), now);
            for (ConsumerRecord<byte[], byte[]> record : run) {
                Future<?> sent = handle(record, partition, counts);
                if (sent != null) {
                    deadLettered.add(sent);
                }
            }
            counts.count(meters);
            // the run's offsets ascend: if any of its records completes the rebuild, its last one does
            long lastOffset = run.get(run.size() - 1).offset();
            if (rebuilds.processed(partition, lastOffset)) {
                owned.partitionLive(partition);
                LOG.info("{}: {} rebuilt", owner, partition);
            }
            commits.put(new TopicPartition(topic, tp.partition()), new OffsetAndMetadata(lastOffset + 1, null));
        }
        if (commits.isEmpty()) {
            return;
        }
        // Committable only once every record is in a window or its dead-letter or reroute write is acknowledged.
        Future.all(deadLettered).onComplete(all -> {
            if (all.succeeded()) {
                // a partition revoked meanwhile is another owner's now: its old offsets are not ours to commit
                commits.keySet().removeIf(tp -> !rebuilds.accepts(key(tp)));
                pendingCommits.offer(commits);
            } else {
                LOG.error("{}: dead-letter or reroute write failed, not committing this batch: {}", owner, all.cause().toString());
            }
        });
    }

    /** Commits {@code offsets} unless empty; a failure is only logged: the records are read again at worst. */
    private Future<?> commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return Future.succeededFuture();
        }
        return consumer.commit(offsets).onFailure(e -> LOG.debug("{}: commit failed: {}", owner, e.toString()));
    }

    /** One partition's run of records in a poll: what is looked up once for it, and its outcomes, counted once. */
    private final class Run {
        final String topic;
        final int partition;
        final Instant now;
        final EventDecoder.Stream stream;
        /** The topic's homes of the services already seen, or null while its partition count is unknown. */
        final Map<String, Integer> homes;
        long recorded;
        long late;
        long ignored;

        Run(String topic, int partition, Instant now) {
            this.topic = topic;
            this.partition = partition;
            this.now = now;
            this.stream = topic.equals(config.kafka().topics().demand())
                    ? EventDecoder.Stream.DEMAND : EventDecoder.Stream.REQUESTS;
            this.homes = homesOn(topic);
        }

        /** The service's home partition on this topic, or -1 while the topic's partition count is unknown. */
        int homeOf(String service) {
            if (homes == null) {
                return -1;
            }
            Integer home = homes.get(service);
            if (home == null) {
                home = ServicePartitions.home(service, partitionCounts.get(topic));
                homes.put(service, home);
            }
            return home;
        }

        void count(IngestMeters meters) {
            meters.record(topic, Outcome.RECORDED, recorded);
            meters.record(topic, Outcome.LATE, late);
            meters.record(topic, Outcome.IGNORED, ignored);
        }
    }

    /**
     * The homes computed so far on {@code topic}, of configured services only (so bounded), or null
     * while its partition count is unknown: hashing the service's name per record was 4 % of the
     * ingest thread's time. Forgotten when the partition counts are learnt again.
     */
    private Map<String, Integer> homesOn(String topic) {
        if (!partitionCounts.containsKey(topic)) {
            return null;
        }
        return homes.computeIfAbsent(topic, t -> new HashMap<>());
    }

    /** Returns the dead-letter or reroute write, if the record was not recorded here. */
    private Future<?> handle(ConsumerRecord<byte[], byte[]> record, String partition, Run run) {
        Instant now = run.now;
        DecodeResult result = decoder.decodeInto(run.stream, record.value(), now, request);
        if (result instanceof DecodeResult.Rejected rejected) {
            return deadLetters.send(new KafkaConsumerRecordImpl<>(record), rejected.reason(), rejected.detail());
        }
        // null: a request event, in `request`; otherwise another kind of event, accepted
        IngestEvent event = result == null ? null : ((DecodeResult.Accepted) result).event();
        String serviceId = event == null ? request.service : event.service();
        if (!config.services().containsKey(serviceId)) {
            if (config.ingest().unknownServices() == UnknownServices.IGNORE) {
                run.ignored++;
                return null;
            }
            return deadLetters.send(new KafkaConsumerRecordImpl<>(record), RejectReason.UNKNOWN_SERVICE,
                    "service '" + serviceId + "' is not configured under services");
        }
        int home = run.homeOf(serviceId);
        if (home >= 0 && home != run.partition) {
            KafkaConsumerRecord<byte[], byte[]> wrapped = new KafkaConsumerRecordImpl<>(record);
            if (!Reroutes.wasRerouted(wrapped)) {
                // (one that was already sent on stays: partition counts seen differently must not bounce it)
                return reroutes.send(wrapped, serviceId, home, now.toEpochMilli());
            }
        }
        OwnedService service = owned.getOrCreate(serviceId, partition, now);
        if (service.state().capacity() == null && service.window().recordedEvents() == 0) {
            queryCapacity(serviceId);
        }
        RecordOutcome outcome = event == null
                ? service.window().recordRequest(request.ts, request.latencyMs, request.serviceMs, request.status,
                        request.bytes, now)
                : record(service.window(), event, now);
        // AHEAD cannot reach here (the decoder refused it against the same clock and skew); counted as late if it did
        if (outcome == RecordOutcome.RECORDED) {
            run.recorded++;
        } else {
            run.late++;
        }
        return null;
    }

    private static RecordOutcome record(ServiceWindow window, IngestEvent event, Instant now) {
        if (event instanceof RequestEvent r) {
            return window.recordRequest(r.ts(), r.latencyMs(), r.serviceMs(), r.status(), r.bytes(), now);
        } else if (event instanceof SummaryEvent s) {
            return window.recordSummary(s.ts(), s.intervalMs(), s.count(), s.errors(), s.latencyMsSum(),
                    s.latencyMsMax(), s.inFlight(), s.busyMsSum(), s.queued(), now);
        } else if (event instanceof HeartbeatEvent h) {
            return window.recordHeartbeat(h.source(), h.ts(), now);
        } else {
            DemandEvent d = (DemandEvent) event;
            return window.recordDemand(d.ts(), d.kind(), d.value(), now);
        }
    }

    // --- capacity and ticks ------------------------------------------------------------------

    private void queryCapacity(String service) {
        vertx.eventBus().<CapacityObserved>request(Addresses.CAPACITY_QUERY, service)
                .onSuccess(reply -> onCapacity(reply.body()))
                .onFailure(e -> LOG.debug("{}: capacity of {} not known yet: {}", owner, service, e.toString()));
    }

    private void onCapacity(CapacityObserved observed) {
        OwnedService service = owned.get(observed.service());
        if (service == null) {
            return;
        }
        var before = service.state();
        var next = before.withCapacity(observed.forPolicy(before.capacity()));
        if (before.capacity() == null && next.capacity() != null) {
            // the first count this owner sees: it holds it for one scale-down window (PolicyMemory.takingOver)
            next = next.withMemory(next.memory().takingOver(next.capacity().desired(), clock.instant()));
        }
        service.state(next);
    }

    /** The next tick, aligned to the clock's whole seconds (see {@link TickAlignment}). */
    private void scheduleTick(long delayMillis) {
        tickTimer = vertx.setTimer(delayMillis, id -> {
            if (stopping) {
                return;
            }
            TickPass pass;
            try {
                pass = startTick();
            } catch (RuntimeException e) { // a tick that failed must not stop the ones after it
                scheduleNextTick();
                throw e;
            }
            evaluatePart(pass);
        });
    }

    private void scheduleNextTick() {
        scheduleTick(TickAlignment.nextDelayMillis(clock.millis(), config.tick().toMillis()));
    }

    private TickPass startTick() {
        meters.consumerLag().report(owner, ConsumerLags.of(consumer.unwrap().metrics(),
                Set.of(config.kafka().topics().requests(), config.kafka().topics().demand())));
        tickPass = new TickPass(owned.all(), clock.instant(), TICK_PART); // an older tick's looks end here
        return tickPass;
    }

    /**
     * Evaluates the tick's next part (the services whose newest second surged come first) and
     * publishes its decisions and statuses, then gives the event loop back before the next part:
     * records and the deliveries of those decisions go on meanwhile. The next tick is scheduled once
     * the last part is done, or a part failed.
     */
    private void evaluatePart(TickPass pass) {
        boolean more = false;
        try {
            if (stopping) {
                return;
            }
            List<OwnedService> part = pass.nextPart();
            List<ServiceStatus> statuses = new ArrayList<>(part.size());
            for (OwnedService service : part) {
                if (owned.get(service.window().service()) != service) {
                    continue; // dropped with its partition since the tick began
                }
                statuses.add(evaluate(service, pass.now()));
            }
            if (!statuses.isEmpty()) {
                vertx.eventBus().publish(Addresses.STATUS, new ServiceStatuses(owner, statuses));
            }
            more = !pass.done();
        } finally {
            if (more) {
                context.runOnContext(v -> evaluatePart(pass));
            } else if (!stopping) {
                scheduleNextTick();
                lookAgainLater(pass);
            }
        }
    }

    /**
     * Looks again, every {@link #LATE_LOOK_MS} until {@link #LATE_LOOKS_UNTIL_MS} after the tick, for
     * services whose newest second surged after the tick evaluated them ({@link TickPass#lateSurges}):
     * their records came late for the tick, and a decision on them should not wait a whole tick more.
     * Each look glances at one second's count per service; only those are evaluated again.
     */
    private void lookAgainLater(TickPass pass) {
        // well before the next tick, whose own reading would have them: none with a tick of 100 ms
        long until = Math.min(LATE_LOOKS_UNTIL_MS, config.tick().toMillis() * 6 / 10);
        if (clock.millis() + LATE_LOOK_MS > pass.now().toEpochMilli() + until) {
            return;
        }
        vertx.setTimer(LATE_LOOK_MS, id -> {
            Instant now = clock.instant();
            // the same whole seconds as the tick's reading only: later, the next tick reads them
            if (stopping || tickPass != pass
                    || Math.floorDiv(now.toEpochMilli(), 1000L) != Math.floorDiv(pass.now().toEpochMilli(), 1000L)) {
                return;
            }
            List<OwnedService> late = pass.lateSurges();
            List<ServiceStatus> statuses = new ArrayList<>(late.size());
            for (OwnedService service : late) {
                if (owned.get(service.window().service()) == service) {
                    statuses.add(evaluate(service, now));
                }
            }
            if (!statuses.isEmpty()) {
                vertx.eventBus().publish(Addresses.STATUS, new ServiceStatuses(owner, statuses));
            }
            lookAgainLater(pass);
        });
    }

    /** One service's evaluation: its decision published if worth it; returns its status. */
    private ServiceStatus evaluate(OwnedService service, Instant now) {
        Decision published = evaluator.evaluate(service, now);
        if (published != null) {
            vertx.eventBus().publish(Addresses.DECISIONS, published);
        }
        if (service.state().capacity() == null) {
            queryCapacity(service.window().service());
        }
        return new ServiceStatus(owner,
                service.lastSnapshot() != null ? service.lastSnapshot() : service.window().snapshot(now),
                service.state().capacity(), service.lastPublished(), service.lastEvaluation(),
                service.window().recordedEvents(), service.window().recordedRequests());
    }

    private String key(TopicPartition tp) {
        return partitionKeys.of(tp.getTopic(), tp.getPartition());
    }

    private List<String> keys(Set<TopicPartition> partitions) {
        return partitions.stream().map(this::key).sorted().toList();
    }
}
