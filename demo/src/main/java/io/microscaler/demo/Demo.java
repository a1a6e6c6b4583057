package io.microscaler.demo;

import io.microscaler.service.Microscaler;
import io.microscaler.service.ServiceMain;
import io.microscaler.bus.Addresses;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.config.ServiceConfig;
import io.microscaler.decision.Decision;
import io.microscaler.localcloud.LocalCloudSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * {@code microscaler demo}: the whole loop on one machine. The {@link LocalWorld} (Kafka, the local
 * cloud, image servers, load balancer), the autoscaler pointed at it exactly as it would be at AWS,
 * and traffic following a scenario. Prints a progress line every few seconds, and at the end a
 * summary with how fast the loop answered the spike.
 *
 * <p>With {@code --traffic external} everything runs but the traffic generator: the load comes from
 * outside (Gatling, curl) to the load balancer on {@code --lb-port}, and the progress lines show what
 * that load balancer received. SIGTERM ends a demo early and cleanly, with its summary.
 */
public final class Demo {

    static final String DEMO_CONFIG = "/demo/microscaler-demo.yaml";
    static final Duration PRINT_EVERY = Duration.ofSeconds(5);
    /** Used for "p95 back under target" when the service sets no latency target. */
    static final double DEFAULT_P95_TARGET_MS = 250;

    private final DemoOptions options;
    private final PrintStream out;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final PatientReads reads = new PatientReads(stop);

    public Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** The demo always sets http.port from its option: an error about the port names that option. */
    private static final Map<String, String> PORT_ORIGIN = Map.of("http.port", "the demo's option --http-port (default 8080)");

    /** Runs the demo to its end; returns the process exit code. */
    public int run(Map<String, String> env) throws Exception {
        boolean clusterDemo = ClusterDemo.handles(options.scenario());
        boolean zeroDemo = ZeroDemo.handles(options.scenario());
        Path configFile = options.configFile() != null ? options.configFile()
                : demoConfigFile(clusterDemo ? ClusterDemo.CONFIG : zeroDemo ? ZeroDemo.CONFIG : DEMO_CONFIG);
        // the scale-to-zero demo's load is its queue's jobs, not requests
        Scenario scenario = options.traffic() != DemoOptions.Traffic.BUILTIN || zeroDemo ? null
                : clusterDemo ? ClusterDemo.traffic(options.scenario(), options.scale())
                : Scenario.parse(options.scenario(), options.scale()); // reads a trace file: before anything starts
        Map<String, String> overrides = new HashMap<>();
        overrides.put("http.port", Integer.toString(options.httpPort()));
        MicroscalerConfig config = ConfigLoader.load(configFile, env, overrides, PORT_ORIGIN);
        if (config.services().isEmpty()) {
            throw new IllegalArgumentException("the demo needs at least one service under services in " + configFile);
        }
        ServiceConfig service = config.services().values().iterator().next();
        if (clusterDemo) {
            ClusterDemo.check(config);
        }
        if (zeroDemo) {
            ZeroDemo.check(config);
        }
        LocalWorld.Fleet fleet = clusterDemo ? ClusterDemo.fleet(options.scenario(), config)
                : zeroDemo ? ZeroDemo.FLEET : LocalWorld.Fleet.DEFAULT;
        LocalCloudSettings cloudSettings = LocalCloudSettings.demo();

        // A stop from outside (SIGTERM, Ctrl-C: a load-test script ending the run when its load ends)
        // ends the demo early but cleanly: summary printed, autoscaler and world closed, Kafka's files
        // deleted. The command line turns those signals into stop() (StopSignals: exit code 0, not the
        // JVM's 143); this hook covers the JVM ending any other way.
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(ServiceMain.STOP_DEADLINE.toSeconds() + 2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (LocalWorld world = LocalWorld.start(config, options.lbPort(), cloudSettings, fleet)) {
            overrides.putAll(world.autoscalerOverrides());
            MicroscalerConfig pointed = ConfigLoader.load(configFile, env, overrides, PORT_ORIGIN);
            Microscaler microscaler = Microscaler.start(pointed, Clock.systemUTC())
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            try {
                if (zeroDemo) {
                    return new ZeroDemo(options, out, stop, cloudSettings.taskStartDelay()).play(world, microscaler, pointed,
                            pointed.services().values().iterator().next());
                }
                return clusterDemo
                        ? new ClusterDemo(options, out, stop, cloudSettings.spotInterruptionNotice()).play(world, microscaler,
                        pointed, scenario)
                        : play(world, microscaler, pointed, service, scenario);
            } finally {
                microscaler.close();
            }
        } finally {
            closed.countDown();
            removeShutdownHook(hook);
        }
    }

    /** Ends a running demo early, as SIGTERM does: it prints its summary and closes everything. */
    public void stop() {
        stop.countDown();
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running and waits for us
        }
    }

    private int play(LocalWorld world, Microscaler microscaler, MicroscalerConfig config, ServiceConfig service,
                     Scenario scenario) throws Exception {
        int lbPort = world.loadBalancerPorts().get(service.id());
        out.printf("demo: service '%s' behind http://127.0.0.1:%d/iiif/…, autoscaler API http://127.0.0.1:%d/api/services,"
                        + " local cloud %s, Kafka %s%n", service.id(), lbPort, microscaler.httpPort(), world.cloudEndpoint(),
                world.bootstrapServers());
        out.printf("demo: live status page http://127.0.0.1:%d/%n", microscaler.httpPort());
        out.printf("demo: %s for %d s%n", scenario == null
                ? "traffic from outside (e.g. Gatling) to port " + lbPort : scenario.describe(), options.duration().toSeconds());

        long startNanos = System.nanoTime();
        List<SpikeReaction.ScaleOut> scaleOuts = new CopyOnWriteArrayList<>();
        String[] lastReason = {"-"};
        microscaler.vertx().eventBus().<Decision>localConsumer(Addresses.DECISIONS, m -> {
            Decision d = m.body();
            if (d.service().equals(service.id())) {
                lastReason[0] = d.from() + "→" + d.to() + " " + d.policy() + "/" + d.reason().name().toLowerCase()
                        + ": " + d.message();
                if (d.to() > d.from()) {
                    scaleOuts.add(new SpikeReaction.ScaleOut(seconds(startNanos), d.from(), d.to()));
                }
            }
        });
        TrafficGenerator traffic = null;
        if (scenario != null) {
            traffic = new TrafficGenerator(scenario, TrafficSettings.defaults("127.0.0.1", lbPort));
            LocalWorld.await(world.vertx().deployVerticle(traffic));
        }

        List<DemoSample> samples = new ArrayList<>();
        long nextPrint = 0;
        long endNanos = startNanos + options.duration().toNanos();
        while (System.nanoTime() < endNanos) {
            if (stop.await(1000 - (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) % 1000),
                    TimeUnit.MILLISECONDS)) {
                out.printf("demo: stopped after %.0f s%n", seconds(startNanos));
                break;
            }
            Optional<DemoSample> sample = sample(world, config, service.id(), traffic, seconds(startNanos), lastReason[0]);
            if (sample.isEmpty()) {
                continue; // the cloud did not answer this second (faults, throttling): the demo goes on
            }
            samples.add(sample.get());
            if (System.nanoTime() - startNanos >= nextPrint) {
                out.println(sample.get().line());
                nextPrint += PRINT_EVERY.toNanos();
            }
        }
        if (traffic != null) {
            LocalWorld.await(world.vertx().undeploy(traffic.deploymentID()));
        }
        summarise(samples, scaleOuts, service, scenario);
        if (traffic == null) {
            LoadBalancerStats lb = world.loadBalancer(service.id()).stats();
            out.printf("  load balancer: %d requests from outside, %d answered 5xx (%d with no healthy target, %d 502,"
                    + " %d 504)%n", lb.requests(), lb.responses5xx(), lb.noTarget(), lb.badGateway(), lb.timeouts());
        }
        return 0;
    }

    /** This second's sample; empty if the cloud would not answer (faults injected into it). */
    private Optional<DemoSample> sample(LocalWorld world, MicroscalerConfig config, String service,
                                        TrafficGenerator traffic, double at, String lastReason) throws Exception {
        // The demo's own users' view, or with traffic from outside the load balancer's (as an ALB's metrics would be)
        ClientSnapshot clients = LocalWorld.await(traffic != null ? traffic.snapshot() : world.loadBalancer(service).traffic());
        Optional<Service> read = reads.read("ecs:DescribeServices", () -> world.ecs()
                        .describeServices(b -> b.cluster(config.actuator().aws().cluster()).services(service)))
                .map(r -> r.services().get(0));
        return read.map(ecs -> new DemoSample(at, clients.offeredPerSecond(), clients.servedPerSecond(),
                clients.p95Millis().orElse(Double.NaN), ecs.desiredCount(), ecs.runningCount(),
                world.healthyTargets(service), lastReason, clients.p95LastSecondMillis().orElse(Double.NaN)));
    }

    private void summarise(List<DemoSample> samples, List<SpikeReaction.ScaleOut> scaleOuts, ServiceConfig service,
                           Scenario scenario) {
        int peak = samples.stream().mapToInt(DemoSample::running).max().orElse(0);
        double peakOffered = samples.stream().mapToDouble(DemoSample::offeredPerSec).max().orElse(0);
        int needed = tasksNeeded(peakOffered, service);
        DemoSample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        out.println("demo summary:");
        out.printf("  scale-outs: %d, running tasks: first %d, peak %d, last %d; tasks needed at the peak load"
                        + " (%.0f/s) at the target: %d (peak %.2f× that)%n", scaleOuts.size(),
                samples.isEmpty() ? 0 : samples.get(0).running(), peak, last == null ? 0 : last.running(), peakOffered,
                needed, needed == 0 ? 0.0 : (double) peak / needed);
        if (scenario instanceof Scenario.Spike spike) {
            double target = service.policy().latencyTargetMs().orElse(DEFAULT_P95_TARGET_MS);
            out.println("  " + SpikeReaction.measure(spike.start().toSeconds(), scaleOuts, samples, target).describe(target));
        }
    }

    /**
     * Tasks the load needs at the service's concurrency target: offered × mean render time ÷ target.
     * The image servers render a tile in {@code tileMs}, an info.json in {@code infoMs}, one request
     * in {@link DeepZoom#INFO_FRACTION} being an info.json: 400/s × 36.5 ms ÷ 2.5 = 5.84 → 6.
     */
    static int tasksNeeded(double offeredPerSecond, ServiceConfig service) {
        ImageServerSettings s = ImageServerSettings.defaults("-");
        double meanServiceSeconds = ((1 - DeepZoom.INFO_FRACTION) * s.tileMs() + DeepZoom.INFO_FRACTION * s.infoMs()) / 1000;
        double perTask = service.policy().metric() == io.microscaler.policy.TargetMetric.CONCURRENCY
                ? service.policy().targetPerTask() / meanServiceSeconds : service.policy().targetPerTask();
        return (int) Math.ceil(offeredPerSecond / perTask - 1e-9);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The demo's own configuration, from the jar, as a file the loader can read. */
    public static Path demoConfigFile() throws IOException {
        return demoConfigFile(DEMO_CONFIG);
    }

    static Path demoConfigFile(String resource) throws IOException {
        Path file = Files.createTempFile("microscaler-demo", ".yaml");
        file.toFile().deleteOnExit();
        try (InputStream in = Demo.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the jar");
            }
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
