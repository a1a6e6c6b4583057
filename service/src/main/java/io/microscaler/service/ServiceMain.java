package io.microscaler.service;

import io.microscaler.config.ConfigException;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production command line, {@code run --config FILE}: the main class of the service jar and
 * image. Exit codes: 0 stopped, 1 failed to start, 2 bad command line or configuration.
 */
public final class ServiceMain {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

    /**
     * How long a stop may take at most, from the signal to the exit: under Docker's 10 s between
     * SIGTERM and SIGKILL (ECS waits 30 s), with room for the JVM's own exit.
     */
    public static final Duration STOP_DEADLINE = Duration.ofSeconds(8);

    static final String USAGE = """
            Usage: java -jar microscaler-service.jar run --config FILE [--http-port N]
                   java -jar microscaler-service.jar handback --config FILE [--service ID]…
                   java -jar microscaler-service.jar shadow-report --config FILE --from TIME [--to TIME]

            Runs the autoscaler until stopped, against the Kafka brokers and AWS endpoints its
            configuration names. The demo, the trace replay and the local world are in the full
            CLI (target/microscaler.jar), not in this jar.

            """ + RunOptions.USAGE + "\n" + HandbackCommand.USAGE + "\n" + ShadowReportCommand.USAGE;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        List<String> list = List.of(args);
        if (list.isEmpty() || list.contains("--help") || list.contains("-h")) {
            System.out.print(USAGE);
            return list.isEmpty() ? 2 : 0;
        }
        if (list.get(0).equals("shadow-report")) {
            return ShadowReportCommand.run(list.subList(1, list.size()), System.out, System.err);
        }
        if (list.get(0).equals("handback")) {
            return HandbackCommand.run(list.subList(1, list.size()), System.out, System.err);
        }
        if (!list.get(0).equals("run")) {
            return usageError("unknown command '" + list.get(0) + "' (this jar runs the service, hands back and reports on shadow mode)");
        }
        RunOptions options;
        try {
            options = RunOptions.parse(list.subList(1, list.size()));
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        if (options.local()) {
            return usageError("--local starts the local world, which only the full CLI (target/microscaler.jar) has");
        }
        if (options.configFile().isEmpty()) {
            return usageError("run needs --config FILE: the production service starts nothing by itself");
        }
        MicroscalerConfig config;
        try {
            config = ConfigLoader.load(options.configFile().get(), System.getenv(), options.overrides(),
                    options.overrideOrigins());
        } catch (ConfigException e) {
            return configError(e);
        }
        return runUntilStopped(config);
    }

    /**
     * Starts the autoscaler and waits until it is asked to stop (SIGTERM, SIGINT: {@link StopSignals});
     * then stops it and whatever else was started for it, in the order given, within
     * {@link #STOP_DEADLINE}, and returns 0. Offsets are committed as records are used, so a stop
     * loses nothing the windows had; with the broker gone the Kafka clients give up at the deadline.
     *
     * @return the exit code: 0 after a stop, 1 if it failed to start, 2 for a configuration error
     */
    public static int runUntilStopped(MicroscalerConfig config, AutoCloseable... alsoClose) {
        CountDownLatch stopRequested = new CountDownLatch(1);
        // Before the start: a SIGTERM during a slow start must still be a stop, not an exit 143.
        StopSignals.install(stopRequested::countDown);
        List<String> collectors = CollectorAdvice.collectors();
        LOG.info("JVM: Java {}, collector {}, max heap {} MB", Runtime.version(), String.join(" + ", collectors),
                Runtime.getRuntime().maxMemory() >> 20);
        CollectorAdvice.warning(collectors, config.services().size()).ifPresent(LOG::warn);
        Microscaler microscaler;
        try {
            microscaler = Microscaler.start(config, Clock.systemUTC())
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (ConfigException e) {
            closeAll(alsoClose);
            return configError(e);
        } catch (ExecutionException e) {
            closeAll(alsoClose);
            if (e.getCause() instanceof ConfigException refused) {
                return configError(refused); // e.g. http.port in use: found at once, before the slow start
            }
            LOG.error("microscaler failed to start", e.getCause());
            return 1;
        } catch (Exception e) {
            LOG.error("microscaler failed to start", e);
            closeAll(alsoClose);
            return 1;
        }
        List<AutoCloseable> parts = new ArrayList<>();
        parts.add(() -> microscaler.close(Microscaler.CLOSE_TIMEOUT));
        parts.addAll(List.of(alsoClose));
        OrderlyStop stop = new OrderlyStop(parts, STOP_DEADLINE);
        // Any other end of the JVM (System.exit elsewhere, SIGHUP, signals not handled) still closes in order.
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            stop.run();
        }, "microscaler-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.info("ready: http://{}:{}/api/services", config.http().host(), microscaler.httpPort());
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("stopping (at most {} s)", STOP_DEADLINE.toSeconds());
        stop.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting for another reason and the hook has closed everything
        }
        return 0;
    }

    /** Prints a configuration error as an operator reads it; the exit code for it. */
    public static int configError(ConfigException e) {
        System.err.println("microscaler: configuration error: " + e.getMessage());
        return 2;
    }

    private static int usageError(String message) {
        System.err.println("microscaler: " + message + "\n\n" + USAGE);
        return 2;
    }

    private static void closeAll(AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c, e.toString());
            }
        }
    }

    private ServiceMain() {
    }
}
