package io.microscaler.demo;

/**
 * Where image servers send their events. Must not block: it is called on the servers' event loops.
 * Shared by all servers, so implementations are thread-safe.
 */
@FunctionalInterface
public interface EventSink {

    /** Sends one event; failures are counted by the sink, never thrown at the server. */
    void send(String topic, String key, byte[] value);

    /** Sends nothing (a demo without Kafka, or tests that only look at HTTP). */
    EventSink NONE = (topic, key, value) -> {
    };
}
