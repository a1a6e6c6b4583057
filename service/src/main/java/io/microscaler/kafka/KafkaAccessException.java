package io.microscaler.kafka;

import io.microscaler.config.KafkaConfig;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * The brokers refused microscaler: its credentials (a wrong password, an unknown user, a TLS
 * handshake that failed) or its rights (an ACL or IAM permission missing). Kafka's own exception
 * says what failed but not where or which settings to look at; this one names the brokers, the
 * {@code kafka.security} mode and the settings, and keeps Kafka's message (which carries no secret:
 * the client never puts a password in an error).
 */
public final class KafkaAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private KafkaAccessException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code failure} explained if it is, or is caused by, an authentication or authorization
     * failure; otherwise {@code failure} itself.
     *
     * @param doing what microscaler was doing, e.g. "listing topics"
     */
    public static Throwable explain(Throwable failure, KafkaConfig kafka, String bootstrapServers, String doing) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CompletionException || t instanceof ExecutionException) {
                continue;
            }
            if (t instanceof AuthenticationException) {
                return new KafkaAccessException("Kafka at " + bootstrapServers + " refused to authenticate microscaler"
                        + " while " + doing + " (kafka.security: " + kafka.security().configName() + "): "
                        + t.getClass().getSimpleName() + ": " + t.getMessage()
                        + ". Check kafka.username and kafka.password (or kafka.passwordFile), the trust store in"
                        + " kafka.properties.ssl.truststore.*, or the kafka.properties security settings", t);
            }
            if (t instanceof AuthorizationException) {
                return new KafkaAccessException("Kafka at " + bootstrapServers + " denied microscaler while " + doing
                        + " (kafka.security: " + kafka.security().configName() + "): " + t.getClass().getSimpleName()
                        + ": " + t.getMessage() + ". The ACLs (or MSK IAM actions) microscaler needs are listed in"
                        + " docs/deploy.md", t);
            }
        }
        return failure;
    }
}
