package io.microscaler;

import io.microscaler.config.ConfigException;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.demo.Demo;
import io.microscaler.demo.DemoOptions;
import io.microscaler.demo.LocalWorld;
import io.microscaler.config.ActuatorConfig;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.replay.ReplayCommand;
import io.microscaler.replay.ReplayOptions;
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
              demo    the whole loop on one machine: Kafka, a local ECS/ALB/Auto Scaling cloud, image
                      servers, traffic and the autoscaler; prints progress and stops by itself
              run     run the autoscaler until stopped (embedded Kafka and the local cloud unless configured)
              replay  scaling quality on a request trace: microscaler and the AWS, HPA and Knative
                      autoscalers scale the same modelled service in simulated time, scored side by side

            Options for run:
              --config FILE    YAML configuration (see config/microscaler.yaml); every key can also
                               be set by environment variable (see docs/configuration.md)
              --http-port N    HTTP port for /health, /metrics and /api (default 8080)
              --lb-port N      with the local cloud: its first load balancer's port (default 8081)
              --help           this text

            Without --config, run uses the demo's configuration (an image server "iiif"). With
            actuator.target ecs and actuator.aws.endpoint empty, it starts the local cloud (ECS,
            ELBv2, Auto Scaling on loopback) with real image servers behind a load balancer.

            """ + DemoOptions.USAGE + "\n" + ReplayOptions.USAGE;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        List<String> list = List.of(args);
        if (list.isEmpty() || list.contains("--help") || list.contains("-h")) {
            System.out.print(USAGE);
            return list.isEmpty() ? 2 : 0;
        }
        if (list.get(0).equals("demo")) {
            return demo(list.subList(1, list.size()));
        }
        if (list.get(0).equals("replay")) {
            return ReplayCommand.run(list.subList(1, list.size()), System.out, System.err);
        }
        if (!list.get(0).equals("run")) {
            System.err.println("microscaler: unknown command '" + list.get(0) + "'\n\n" + USAGE);
            return 2;
        }
        Path configFile = null;
        int lbPort = DemoOptions.defaults().lbPort();
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
                case "--lb-port" -> {
                    try {
                        lbPort = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        lbPort = -1;
                    }
                    if (lbPort < 0 || lbPort > 65535) {
                        System.err.println("microscaler: --lb-port '" + value + "': expected a port from 0 to 65535\n\n" + USAGE);
                        return 2;
                    }
                }
                default -> {
                    System.err.println("microscaler: unknown option '" + option + "'\n\n" + USAGE);
                    return 2;
                }
            }
        }
        MicroscalerConfig config;
        Path file;
        try {
            // Embedded defaults: the demo's image server on the local cloud, so a bare `run` does something real
            file = configFile != null ? configFile : Demo.demoConfigFile();
            config = ConfigLoader.load(file, System.getenv(), overrides);
        } catch (ConfigException e) {
            System.err.println("microscaler: configuration error: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            System.err.println("microscaler: " + e.getMessage());
            return 1;
        }
        if (config.actuator().target() != ActuatorConfig.Target.ECS || !config.actuator().aws().localCloud()) {
            return runUntilStopped(config, null);
        }
        LOG.info("actuator.aws.endpoint is empty: starting the local cloud (ECS, ELBv2, Auto Scaling on loopback) with"
                + " image servers for {}", config.services().keySet());
        LocalWorld world;
        try {
            world = LocalWorld.start(config, lbPort, LocalCloudSettings.demo());
            overrides.putAll(world.autoscalerOverrides());
            config = ConfigLoader.load(file, System.getenv(), overrides);
        } catch (Exception e) {
            LOG.error("the local cloud failed to start", e);
            return 1;
        }
        LOG.info("load balancers (send traffic here): {}", world.loadBalancerPorts());
        return runUntilStopped(config, world);
    }

    private static int demo(List<String> args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("microscaler: " + e.getMessage() + "\n\n" + USAGE);
            return 2;
        }
        try {
            return new Demo(options, System.out).run(System.getenv());
        } catch (ConfigException e) {
            System.err.println("microscaler: configuration error: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("microscaler: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            LOG.error("the demo failed", e);
            return 1;
        }
    }

    /** @param world the local world to stop after the autoscaler, or null */
    private static int runUntilStopped(MicroscalerConfig config, LocalWorld world) {
        Microscaler microscaler;
        try {
            microscaler = Microscaler.start(config, Clock.systemUTC())
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("microscaler failed to start", e);
            if (world != null) {
                world.close();
            }
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            microscaler.close();
            if (world != null) {
                world.close();
            }
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
