package io.microscaler.testing;

import io.microscaler.kafka.embedded.EmbeddedKafkaBroker;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Gives tests a real Kafka broker: {@code @ExtendWith(KafkaBrokerExtension.class)} and a
 * {@link KafkaTestBroker} parameter (on a test method, lifecycle method or constructor).
 *
 * <p>One broker per test JVM, started on first use and shared by all test classes: a cold start
 * costs seconds, a topic per test costs milliseconds. It lives in the root context's store, so
 * JUnit closes it when the whole run ends.
 *
 * <p>Which broker: system property {@value #MODE_PROPERTY} = {@code embedded} (Kafka's own server
 * inside this JVM), {@code testcontainers} (the {@value #IMAGE_DEFAULT} image, or the one named by
 * {@value #IMAGE_PROPERTY}), or {@code auto} (the default: a container when Testcontainers finds a
 * Docker engine, else embedded).
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    public static final String MODE_PROPERTY = "microscaler.test.kafka";
    public static final String IMAGE_PROPERTY = "microscaler.test.kafka.image";
    static final String IMAGE_DEFAULT = "apache/kafka:4.4.0";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);
    private static final Namespace NAMESPACE = Namespace.create(KafkaBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaTestBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store's getOrComputeIfAbsent is atomic: parallel classes still get one broker.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedBroker.class, key -> SharedBroker.start(), SharedBroker.class)
                .broker();
    }

    /** The running broker and how to stop it; JUnit calls close when the root context ends. */
    private static final class SharedBroker implements ExtensionContext.Store.CloseableResource {

        private final KafkaTestBroker broker;
        private final AutoCloseable backend;

        private SharedBroker(KafkaTestBroker broker, AutoCloseable backend) {
            this.broker = broker;
            this.backend = backend;
        }

        static SharedBroker start() {
            String mode = System.getProperty(MODE_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
            boolean container = switch (mode) {
                case "embedded" -> false;
                case "testcontainers" -> true;
                case "auto" -> DockerClientFactory.instance().isDockerAvailable();
                default -> throw new ParameterResolutionException(MODE_PROPERTY
                        + " must be embedded, testcontainers or auto, but was '" + mode + "'");
            };
            return container ? startContainer() : startEmbedded();
        }

        private static SharedBroker startEmbedded() {
            EmbeddedKafkaBroker embedded = EmbeddedKafkaBroker.start();
            LOG.info("tests use an embedded Kafka broker at {}", embedded.bootstrapServers());
            return new SharedBroker(new KafkaTestBroker(embedded.bootstrapServers(), "embedded"), embedded);
        }

        @SuppressWarnings("resource") // stopped in close()
        private static SharedBroker startContainer() {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new ParameterResolutionException(MODE_PROPERTY + "=testcontainers, but Testcontainers finds"
                        + " no Docker engine; use embedded or auto");
            }
            String image = System.getProperty(IMAGE_PROPERTY, IMAGE_DEFAULT);
            KafkaContainer container = new KafkaContainer(image);
            container.start();
            LOG.info("tests use a Kafka container ({}) at {}", image, container.getBootstrapServers());
            return new SharedBroker(new KafkaTestBroker(container.getBootstrapServers(), "container"),
                    container::stop);
        }

        KafkaTestBroker broker() {
            return broker;
        }

        @Override
        public void close() throws Exception {
            backend.close();
        }
    }
}
