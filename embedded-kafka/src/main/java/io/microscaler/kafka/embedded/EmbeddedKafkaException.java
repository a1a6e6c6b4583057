package io.microscaler.kafka.embedded;

/** The embedded Kafka broker could not start. Its message says why; nothing was left behind. */
public final class EmbeddedKafkaException extends RuntimeException {

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
