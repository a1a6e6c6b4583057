package io.microscaler.emitter;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends the server's summary every interval (1 s by default) to the requests topic, keyed by the
 * service: also when nothing was served (count 0), which is the heartbeat that tells microscaler the
 * service is idle rather than silent. Sending is asynchronous (the Kafka producer's own thread); a
 * failed send is reported to the error handler and the next interval goes on. One daemon thread.
 */
public final class SummaryEmitter implements AutoCloseable {

    private static final Pattern SERVICE_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,256}");

    private final RequestSummaries summaries;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String service;
    private final byte[] key;
    private final long intervalMs;
    private final Clock clock;
    private final BiConsumer<String, Exception> onError;
    private final ScheduledExecutorService timer;

    /**
     * @param producer a Kafka producer the caller configured (brokers, security) and closes
     * @param topic    microscaler's {@code kafka.topics.requests}
     * @param service  the service id under microscaler's {@code services}
     * @param onError  told of a failed send (topic, cause); the emitter goes on
     */
    public SummaryEmitter(RequestSummaries summaries, Producer<byte[], byte[]> producer, String topic, String service,
                          Duration interval, Clock clock, BiConsumer<String, Exception> onError) {
        this.summaries = Objects.requireNonNull(summaries, "summaries");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.service = Objects.requireNonNull(service, "service");
        if (!SERVICE_ID.matcher(service).matches()) {
            throw new IllegalArgumentException("service must be 1 to 256 of A-Z a-z 0-9 . _ : / -, but was '" + service + "'");
        }
        if (interval.isNegative() || interval.toMillis() < 100) {
            throw new IllegalArgumentException("interval must be at least 100 ms, but was " + interval);
        }
        this.key = service.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.intervalMs = interval.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onError = Objects.requireNonNull(onError, "onError");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "microscaler-emitter-" + service);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sending, every interval from now. */
    public SummaryEmitter start() {
        timer.scheduleAtFixedRate(this::emitOnce, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Sends the current interval's summary now (the timer's task; a test's tick). */
    void emitOnce() {
        byte[] value = SummaryJson.summary(service, clock.millis(), intervalMs, summaries.drain());
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                if (e != null) {
                    onError.accept(topic, e);
                }
            });
        } catch (RuntimeException e) {
            onError.accept(topic, e); // e.g. the producer is closed, or its buffer full past max.block.ms
        }
    }

    /** Stops the timer; the caller closes the producer (which sends what is buffered). */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
