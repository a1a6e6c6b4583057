package io.microscaler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.config.ConfigLoader;
import io.microscaler.config.KafkaConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * {@code kafka.security: msk-iam} gives every client Amazon MSK's IAM mechanism, and the library
 * that implements it (software.amazon.msk:aws-msk-iam-auth) is on the service's class path: a Kafka
 * client loads the callback handler class and the JAAS login module when it is built, and fails
 * then if either is missing. No real MSK is reachable here, so the exchange with a broker is not
 * tested (docs/deploy.md says so); the clients are built against a closed loopback port and closed.
 */
class MskIamClientTest {

    private static KafkaConfig mskIam() {
        return ConfigLoader.load(null, Map.of("MICROSCALER_KAFKA_SECURITY", "msk-iam",
                "MICROSCALER_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9")).kafka();
    }

    @Test
    void everyClientCarriesTheMechanismTheCallbackHandlerAndTheLoginModule() {
        KafkaConfig kafka = mskIam();
        for (Map<String, String> p : new Map[] {
                KafkaClientProperties.consumer(kafka, "127.0.0.1:9", "ingest-1"),
                KafkaClientProperties.producer(kafka, "127.0.0.1:9", "audit"),
                KafkaClientProperties.admin(kafka, "127.0.0.1:9", "api")}) {
            assertThat(p).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
                    .containsEntry("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler")
                    .containsEntry("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;");
        }
    }

    @Test
    void theClientsBuildWithTheLibraryOnTheClassPath() {
        KafkaConfig kafka = mskIam();
        // Building runs SaslChannelBuilder.configure: it instantiates the callback handler and logs
        // in through the JAAS module, so a missing or incompatible jar fails here.
        try (var producer = new KafkaProducer<byte[], byte[]>(new HashMap<>(
                KafkaClientProperties.producer(kafka, "127.0.0.1:9", "msk-iam-producer")));
             var consumer = new KafkaConsumer<byte[], byte[]>(new HashMap<>(
                     KafkaClientProperties.consumer(kafka, "127.0.0.1:9", "msk-iam-consumer")));
             Admin admin = Admin.create(new HashMap<>(KafkaClientProperties.admin(kafka, "127.0.0.1:9", "msk-iam-admin")))) {
            assertThat(producer.metrics()).isNotEmpty();
            assertThat(consumer.metrics()).isNotEmpty();
            assertThat(admin.metrics()).isNotEmpty();
            producer.close(Duration.ZERO);
            consumer.close(Duration.ZERO);
            admin.close(Duration.ZERO);
        }
        assertThat(software.amazon.msk.auth.iam.IAMClientCallbackHandler.class).isNotNull();
    }
}
