package io.microscaler;

import io.microscaler.config.ConfigException;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line: {@code microscaler run [--config FILE] [--http-port N]}. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    static final String USAGE = """
            Usage: java -jar target/microscaler.jar <command> [options]

            Commands:
              run     run the autoscaler (embedded Kafka and a dry-run actuator unless configured)

            Options for run:
              --config FILE    YAML configuration (see config/microscaler.yaml); every key can also
                               be set by environment variable (see docs/configuration.md)
              --http-port N    HTTP port for /health, /metrics and /api (default 8080)
              --help           this text
            """;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        List<String> list = List.of(args);
        if (list.isEmpty() || list.contains("--help") || list.contains("-h")) {
            System.out.print(USAGE);
            return list.isEmpty() ? 2 : 0;
        }
        if (!list.get(0).equals("run")) {
            System.err.println("microscaler: unknown command '" + list.get(0) + "'\n\n" + USAGE);
            return 2;
        }
        Path configFile = null;
        Map<String, String> overrides = new HashMap<>();
        for (int i = 1; i < list.size(); i++) {
            String option = list.get(i);
            if (i + 1 >= list.size()) {
                System.err.println("microscaler: " + option + " needs a value\n\n" + USAGE);
                return 2;
            }
            String value = list.get(++i);
            switch (option) {
                case "--config" -> configFile = Path.of(value);
                case "--http-port" -> overrides.put("http.port", value);
                default -> {
                    System.err.println("microscaler: unknown option '" + option + "'\n\n" + USAGE);
                    return 2;
                }
            }
        }
        MicroscalerConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv(), overrides);
        } catch (ConfigException e) {
            System.err.println("microscaler: configuration error: " + e.getMessage());
            return 2;
        }
        return runUntilStopped(config);
    }

    private static int runUntilStopped(MicroscalerConfig config) {
        Microscaler microscaler;
        try {
            microscaler = Microscaler.start(config, Clock.systemUTC())
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("microscaler failed to start", e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            microscaler.close();
            stopped.countDown();
        }, "microscaler-shutdown"));
        LOG.info("ready: http://{}:{}/api/services", config.http().host(), microscaler.httpPort());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private Main() {
    }
}
