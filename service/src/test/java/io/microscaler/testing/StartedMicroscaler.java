package io.microscaler.testing;

import static org.awaitility.Awaitility.await;

import io.microscaler.config.MicroscalerConfig;
import io.microscaler.service.Microscaler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Whole microscalers for integration tests, the set-up the end-to-end tests share: a configuration
 * written as YAML on the test broker with topics of the test's own, started, awaited until
 * {@code /health/ready} says 200, and closed after each test.
 * <pre>
 * &#64;RegisterExtension final StartedMicroscaler started = new StartedMicroscaler();
 * ...
 * Microscaler microscaler = started.start(started.config(broker, prefix, 1, "services:\n  iiif: {}\n"), clock);
 * </pre>
 */
public final class StartedMicroscaler implements AfterEachCallback {

    private final List<Microscaler> running = new ArrayList<>();

    /**
     * The shared Kafka and HTTP settings ({@link TestConfigs#kafkaAndHttp}) with the test's own YAML
     * after them, on the broker, with topics and group named after {@code prefix}.
     */
    public MicroscalerConfig config(KafkaTestBroker broker, String prefix, int ingestInstances, String yaml) {
        return config(broker, prefix, TestConfigs.kafkaAndHttp(ingestInstances) + yaml);
    }

    /** The whole YAML as given (placeholders {@code ${bootstrap}} and {@code ${prefix}} filled in). */
    public MicroscalerConfig config(KafkaTestBroker broker, String prefix, String wholeYaml) {
        try {
            Path dir = Files.createTempDirectory("microscaler-it");
            dir.toFile().deleteOnExit();
            return TestConfigs.load(dir, wholeYaml, broker.bootstrapServers(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts one and waits until it is ready; it is closed after the test. */
    public Microscaler start(MicroscalerConfig config, Clock clock) throws Exception {
        Microscaler microscaler = ready(config, clock);
        running.add(microscaler);
        return microscaler;
    }

    /** Starts one and waits until {@code /health/ready} says 200; the caller closes it. */
    public static Microscaler ready(MicroscalerConfig config, Clock clock) throws Exception {
        Microscaler microscaler = Microscaler.start(config, clock).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        HttpJson http = new HttpJson(microscaler.httpPort());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/ready").statusCode() == 200);
        } catch (RuntimeException e) {
            microscaler.close();
            throw e;
        }
        return microscaler;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        running.forEach(Microscaler::close);
        running.clear();
    }
}
