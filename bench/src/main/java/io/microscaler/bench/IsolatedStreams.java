package io.microscaler.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs {@link StreamsApp} in a class loader of its own, in this JVM, so that it shares the broker,
 * the cores and the heap with the other consumers. Kafka Streams 4.4.0 is not on Maven Central as
 * this machine sees it, and 4.3.1 does not run on the kafka-clients 4.4.0 the broker needs (classes
 * such as {@code LogContext} moved to {@code internals}). The loader sees only the JDK, then
 * {@code target/streams-lib} (kafka-streams, kafka-clients 4.3.1, RocksDB; the {@code bench}
 * profile copies them there), then the bench jar for everything else.
 */
final class IsolatedStreams {

    private static ClassLoader loader; // one per JVM: RocksDB's native library loads into one loader only

    static synchronized long[] run(String bootstrap, String topic, String applicationId, String store, long nowMillis,
                                   long expected, Map<String, long[]> windows, Consumer<String> mark) throws Exception {
        if (loader == null) {
            loader = createLoader();
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Kafka's clients load configured classes (assignors, serdes) through the context class loader
        thread.setContextClassLoader(loader);
        try {
            Class<?> app = Class.forName(StreamsApp.class.getName(), true, loader);
            return (long[]) app.getMethod("run", String.class, String.class, String.class, String.class, long.class,
                    long.class, Map.class, Consumer.class).invoke(null, bootstrap, topic, applicationId, store, nowMillis, expected,
                    windows, mark);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static ClassLoader createLoader() throws IOException, URISyntaxException {
        Path self = Path.of(IsolatedStreams.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib = self.getParent().resolve("streams-lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " is missing: build with `mvn -B -q -Pbench package -DskipTests`");
        }
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
        urls.add(self.toUri().toURL());
        return new URLClassLoader("isolated-kafka-streams", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private IsolatedStreams() {
    }
}
