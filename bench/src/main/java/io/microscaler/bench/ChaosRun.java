package io.microscaler.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.kafka.embedded.EmbeddedKafkaBroker;
import io.microscaler.localcloud.ClusterEventSink;
import io.microscaler.localcloud.ContainerRuntime;
import io.microscaler.localcloud.HealthProbe;
import io.microscaler.localcloud.LocalCloud;
import io.microscaler.localcloud.LocalCloudSettings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/**
 * The chaos benchmark (issue 17): several production processes ({@code microscaler-service.jar run
 * --config}) share one embedded broker and one local ECS with many services under trace-shaped
 * load, while a seeded schedule kills instances with SIGKILL and starts them again, stops them
 * with SIGTERM, restarts the broker and throttles ECS. It reports:
 * <ul>
 *   <li>reversals: a service's ECS desired count changed and changed back within 10 s (instances
 *   fighting over it would do that; the policies' 300 s scale-down stabilisation would not);</li>
 *   <li>records produced against records the group committed at the end, and dead letters (nothing
 *   lost: every valid record is in a window or, if refused, on the dead-letter topic);</li>
 *   <li>the longest gap between two evaluations of a service by any instance;</li>
 *   <li>failover: from a SIGKILL to another instance's first evaluation of each service the killed
 *   one owned, p50 and max.</li>
 * </ul>
 * A program, not a test: {@code java -cp target/bench.jar io.microscaler.bench.ChaosRun [--minutes 10]
 * [--instances 3] [--services 50] [--seed 1]}; needs {@code service/target/microscaler-service.jar}
 * (the normal build makes it). Loopback only.
 */
public final class ChaosRun {

    private static final String CLUSTER = "chaos";
    private static final Pattern READY = Pattern.compile("ready: http://127\\.0\\.0\\.1:(\\d+)/api/services");
    private static final long REVERSAL_MILLIS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int minutes;
    private final int instanceCount;
    private final int serviceCount;
    private final Random random;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Instance> instances = new ArrayList<>();
    private final List<String> services = new ArrayList<>();
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong produceFailures = new AtomicLong();
    // monitors
    private final Map<String, long[]> lastChange = new ConcurrentHashMap<>(); // service → {at, previous count, count}
    private final Map<String, Long> latestEvaluation = new ConcurrentHashMap<>();
    private final Map<String, Long> longestGap = new ConcurrentHashMap<>();
    private final List<String> reversals = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Long> failovers = new ArrayList<>();
    private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    private EmbeddedKafkaBroker broker;
    private Path config;

    private ChaosRun(int minutes, int instanceCount, int serviceCount, long seed) throws IOException {
        this.minutes = minutes;
        this.instanceCount = instanceCount;
        this.serviceCount = serviceCount;
        this.random = new Random(seed);
        this.dir = Files.createTempDirectory("microscaler-chaos");
    }

    public static void main(String[] args) throws Exception {
        Quiet.logs();
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        new ChaosRun(Integer.parseInt(o.getOrDefault("--minutes", "10")), Integer.parseInt(o.getOrDefault("--instances", "3")),
                Integer.parseInt(o.getOrDefault("--services", "50")), Long.parseLong(o.getOrDefault("--seed", "1"))).run();
        System.exit(0);
    }

    private final class Instance {
        final String name;
        volatile Process process;
        volatile int port = -1;
        volatile Map<String, Long> owned = Map.of();

        Instance(String name) {
            this.name = name;
        }

        void start() throws IOException {
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", serviceJar().toString(), "run", "--config",
                    config.toString(), "--http-port", "0");
            ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
            b.environment().keySet().removeIf(k -> k.startsWith("MICROSCALER_"));
            b.environment().put("MICROSCALER_ACTUATOR_AWS_ACCESS_KEY_ID", "AKID" + name.toUpperCase(Locale.ROOT));
            port = -1;
            long before = countReady();
            process = b.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && process.isAlive()) {
                List<Integer> ports = readyPorts();
                if (ports.size() > before) {
                    port = ports.get(ports.size() - 1);
                    return;
                }
                sleep(200);
            }
            throw new IllegalStateException(name + " did not start; see " + dir.resolve(name + ".log"));
        }

        private long countReady() {
            return readyPorts().size();
        }

        private List<Integer> readyPorts() {
            List<Integer> ports = new ArrayList<>();
            try {
                Matcher m = READY.matcher(Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8));
                while (m.find()) {
                    ports.add(Integer.parseInt(m.group(1)));
                }
            } catch (IOException e) {
                // no log yet
            }
            return ports;
        }

        boolean up() {
            return process != null && process.isAlive() && port > 0;
        }
    }

    private static Path serviceJar() {
        return Path.of(System.getProperty("microscaler.productionJar", "service/target/microscaler-service.jar"));
    }

    private void run() throws Exception {
        if (!Files.exists(serviceJar())) {
            throw new IllegalStateException(serviceJar() + " not found: build it first (mvn -B -q package -DskipTests)");
        }
        int[] trace = trace(Path.of("traces", "azure-llm-conv-2023-per-second.csv"));
        broker = EmbeddedKafkaBroker.start();
        Vertx cloudVertx = Vertx.vertx();
        LocalCloud cloud = LocalCloud.start(cloudVertx, LocalCloudSettings.fast(), ContainerRuntime.NONE,
                HealthProbe.ALWAYS_HEALTHY, ClusterEventSink.NONE).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        EcsAsyncClient ecs = EcsAsyncClient.builder().endpointOverride(cloud.endpoint()).region(Region.of(cloud.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDOPERATOR", "local")))
                .build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "acks", "all", "retries", "2147483647", "delivery.timeout.ms", "300000"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            setUp(cloud, ecs);
            for (int i = 0; i < instanceCount; i++) {
                Instance instance = new Instance("i" + i);
                instances.add(instance);
                instance.start();
            }
            note("started " + instanceCount + " instances");
            // load and monitor run on their own threads, so a chaos action (a restart takes seconds) pauses neither
            java.util.concurrent.ScheduledExecutorService loops = java.util.concurrent.Executors.newScheduledThreadPool(2);
            java.util.concurrent.atomic.AtomicInteger second = new java.util.concurrent.atomic.AtomicInteger();
            loops.scheduleAtFixedRate(() -> {
                int t = second.getAndIncrement();
                for (int s = 0; s < services.size(); s++) {
                    int count = trace[(t + s * 61) % trace.length] * 40;
                    byte[] value = summary(services.get(s), System.currentTimeMillis(), count);
                    producer.send(new ProducerRecord<>("chaos.requests", services.get(s).getBytes(StandardCharsets.UTF_8), value),
                            (m, e) -> (e == null ? produced : produceFailures).incrementAndGet());
                }
            }, 0, 1, TimeUnit.SECONDS);
            loops.scheduleAtFixedRate(() -> {
                try {
                    monitor(ecs);
                } catch (RuntimeException e) {
                    // one missed reading; the next second reads again
                }
            }, 0, 1, TimeUnit.SECONDS);
            long start = System.currentTimeMillis();
            long end = start + TimeUnit.MINUTES.toMillis(minutes);
            long nextChaos = start + 45_000;
            while (System.currentTimeMillis() < end) {
                if (System.currentTimeMillis() >= nextChaos) {
                    chaos(cloud);
                    nextChaos = System.currentTimeMillis() + 40_000 + random.nextInt(40_000);
                }
                sleep(200);
            }
            loops.shutdown();
            loops.awaitTermination(30, TimeUnit.SECONDS);
            producer.flush();
            note("load stopped; waiting for the group to commit what was produced");
            cloud.faults().clearAll();
            for (Instance i : instances) {
                if (!i.process.isAlive()) {
                    i.start();
                }
            }
            long committed = 0;
            long deadLetters = 0;
            for (int i = 0; i < 120; i++) {
                committed = committed("chaos-group", "chaos.requests");
                if (committed >= produced.get()) {
                    break;
                }
                sleep(1000);
            }
            deadLetters = endOffsets("chaos.dead-letter");
            report(committed, deadLetters);
        } finally {
            instances.forEach(i -> {
                if (i.process != null) {
                    i.process.destroy();
                }
            });
            for (Instance i : instances) {
                if (i.process != null && !i.process.waitFor(15, TimeUnit.SECONDS)) {
                    i.process.destroyForcibly();
                }
            }
            ecs.close();
            cloud.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            cloudVertx.close();
            broker.close();
        }
    }

    private void setUp(LocalCloud cloud, EcsAsyncClient ecs) throws Exception {
        ecs.createCluster(r -> r.clusterName(CLUSTER)).get();
        for (int i = 0; i < 8; i++) {
            cloud.registerContainerInstance(CLUSTER, "i-chaos" + i, 32_768, 65_536, false)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        ecs.registerTaskDefinition(r -> r.family("web").networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name("web").image("web:1").cpu(32).memory(64)
                        .essential(true).portMappings(PortMapping.builder().containerPort(8080).hostPort(0)
                                .protocol(TransportProtocol.TCP).build()).build())).get();
        StringBuilder yaml = new StringBuilder("""
                http:
                  port: 0
                kafka:
                  bootstrapServers: %s
                  groupId: chaos-group
                  partitions: 12
                  topics:
                    requests: chaos.requests
                    demand: chaos.demand
                    cluster: chaos.cluster
                    decisions: chaos.decisions
                    deadLetter: chaos.dead-letter
                tick: 1s
                actuator:
                  target: ecs
                  reconcileInterval: 5s
                  aws:
                    endpoint: %s
                    region: %s
                    credentials: static
                    accessKeyId: AKIDCHAOS
                    secretAccessKey: local
                    cluster: %s
                serviceDefaults:
                  target: 100
                  maxTasks: 20
                services:
                """.formatted(broker.bootstrapServers(), cloud.endpoint(), cloud.region(), CLUSTER));
        for (int i = 0; i < serviceCount; i++) {
            String name = String.format(Locale.ROOT, "svc-%02d", i);
            services.add(name);
            yaml.append("  ").append(name).append(": {}\n");
            ecs.createService(r -> r.cluster(CLUSTER).serviceName(name).taskDefinition("web").desiredCount(1)
                    .launchType(LaunchType.EC2)).get();
        }
        config = Files.writeString(dir.resolve("chaos.yaml"), yaml);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("chaos.requests", 12, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** One of: SIGKILL and a restart 15 s later, SIGTERM and a restart, the broker stopped for 5 s, ECS throttled for 30 s. */
    private void chaos(LocalCloud cloud) throws Exception {
        int kind = random.nextInt(4);
        Instance victim = instances.get(random.nextInt(instances.size()));
        switch (kind) {
            case 0 -> {
                if (!victim.up()) {
                    return;
                }
                Map<String, Long> owned = Map.copyOf(victim.owned);
                long killed = System.currentTimeMillis();
                victim.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                note("SIGKILL " + victim.name + " (owned " + owned.size() + " services)");
                Map<String, Long> takenOver = new HashMap<>();
                while (takenOver.size() < owned.size() && System.currentTimeMillis() - killed < 60_000) {
                    for (String s : owned.keySet()) {
                        Long at = latestEvaluation.get(s);
                        if (!takenOver.containsKey(s) && at != null && at > killed) {
                            takenOver.put(s, System.currentTimeMillis() - killed);
                        }
                    }
                    sleep(100);
                }
                failovers.addAll(takenOver.values());
                note("  taken over: " + takenOver.size() + " of " + owned.size() + ", longest "
                        + takenOver.values().stream().mapToLong(Long::longValue).max().orElse(-1) + " ms");
                sleep(Math.max(0, 15_000 - (System.currentTimeMillis() - killed)));
                victim.start();
                note("restarted " + victim.name);
            }
            case 1 -> {
                if (!victim.up()) {
                    return;
                }
                victim.process.destroy();
                victim.process.waitFor(15, TimeUnit.SECONDS);
                note("SIGTERM " + victim.name + ": exit " + (victim.process.isAlive() ? "none" : victim.process.exitValue()));
                victim.start();
                note("restarted " + victim.name);
            }
            case 2 -> {
                broker.stop();
                note("broker stopped");
                sleep(5_000);
                broker.restart();
                note("broker restarted");
            }
            default -> {
                cloud.faults().set("ecs:*", 0.3, 0.0, 0);
                note("ECS throttled at 30 % for 30 s");
                long until = System.currentTimeMillis() + 30_000;
                sleep(Math.max(0, until - System.currentTimeMillis()));
                cloud.faults().clearAll();
            }
        }
    }

    private void monitor(EcsAsyncClient ecs) {
        pollInstances();
        long now = System.currentTimeMillis();
        for (int i = 0; i < services.size(); i += 10) {
            List<String> batch = services.subList(i, Math.min(services.size(), i + 10));
            try {
                ecs.describeServices(r -> r.cluster(CLUSTER).services(batch)).get(5, TimeUnit.SECONDS).services()
                        .forEach(s -> desired(s.serviceName(), s.desiredCount(), now));
            } catch (Exception e) {
                // the operator's read failed this second; the next one will see the count
            }
        }
    }

    private void desired(String service, int count, long now) {
        long[] last = lastChange.get(service);
        if (last == null) {
            lastChange.put(service, new long[] {now, count, count});
            return;
        }
        if (count == last[2]) {
            return;
        }
        if (count == last[1] && now - last[0] <= REVERSAL_MILLIS) {
            reversals.add(service + ": " + last[1] + " → " + last[2] + " → " + count + " within " + (now - last[0]) + " ms");
        }
        lastChange.put(service, new long[] {now, last[2], count});
    }

    private void pollInstances() {
        for (Instance i : instances) {
            if (!i.up()) {
                continue;
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + i.port + "/api/services"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode all = JSON.readTree(r.body());
                Map<String, Long> owned = new HashMap<>();
                for (JsonNode s : all) {
                    String service = s.path("service").asText();
                    long ts = s.path("lastEvaluation").path("ts").asLong(0);
                    if (s.path("owner").isNull() || s.path("owner").isMissingNode()) {
                        continue; // listed (every configured service is), but another instance owns it
                    }
                    owned.put(service, ts);
                    if (ts > 0) {
                        Long previous = latestEvaluation.get(service);
                        if (previous == null || ts > previous) {
                            if (previous != null) {
                                longestGap.merge(service, ts - previous, Math::max);
                            }
                            latestEvaluation.put(service, ts);
                        }
                    }
                }
                i.owned = owned;
            } catch (Exception e) {
                // an instance that is starting, stopping or without its broker: asked again next second
            }
        }
    }

    private long committed(String group, String topic) {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private long endOffsets(String topic) {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(r -> r.offset()).sum();
        } catch (Exception e) {
            return 0; // no dead letter was ever written: the topic may not exist
        }
    }

    private void report(long committed, long deadLetters) {
        List<Long> sorted = failovers.stream().sorted().toList();
        long gap = longestGap.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        String gapService = longestGap.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("-");
        System.out.println();
        log.forEach(System.out::println);
        System.out.println();
        System.out.printf(Locale.ROOT, "chaos: %d instances, %d services, %d min, seed-driven schedule above%n",
                instanceCount, serviceCount, minutes);
        System.out.printf(Locale.ROOT, "counts reversed within 10 s: %d%s%n", reversals.size(),
                reversals.isEmpty() ? "" : " " + reversals);
        System.out.printf(Locale.ROOT, "records produced %,d (failed sends %,d); committed by the group %,d; dead letters %,d%n",
                produced.get(), produceFailures.get(), committed, deadLetters);
        System.out.printf(Locale.ROOT, "longest gap between evaluations of a service: %,d ms (%s)%n", gap, gapService);
        System.out.printf(Locale.ROOT, "failover after SIGKILL: %d services, p50 %s ms, max %s ms%n", sorted.size(),
                sorted.isEmpty() ? "-" : sorted.get(sorted.size() / 2), sorted.isEmpty() ? "-" : sorted.get(sorted.size() - 1));
        System.out.println("instance logs: " + dir);
    }

    private void note(String what) {
        String line = String.format(Locale.ROOT, "%tT %s", System.currentTimeMillis(), what);
        log.add(line);
        System.out.println(line);
    }

    /** A per-second trace's counts (second_offset,requests), the shape of each service's load. */
    private static int[] trace(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().skip(1).filter(l -> !l.isBlank())
                .mapToInt(l -> Integer.parseInt(l.split(",")[1].trim())).toArray();
    }

    private static byte[] summary(String service, long ts, int count) {
        return ("{\"v\":1,\"type\":\"summary\",\"service\":\"" + service + "\",\"ts\":" + ts + ",\"intervalMs\":1000,\"count\":"
                + count + ",\"errors\":0,\"latencyMsSum\":" + (count * 20L) + ",\"latencyMsMax\":40,\"inFlight\":2}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
