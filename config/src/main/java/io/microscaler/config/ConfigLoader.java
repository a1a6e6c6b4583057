package io.microscaler.config;

import io.microscaler.config.IngestConfig.UnknownServices;
import io.microscaler.window.WindowSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Loads and validates the configuration, once, at start. Layers, each over the one before:
 * <ol>
 *   <li>{@link Defaults};</li>
 *   <li>the YAML file, if any ({@code http: {port: 9090}});</li>
 *   <li>the environment ({@code MICROSCALER_HTTP_PORT=9090}; the naming rule is {@link EnvNames});</li>
 *   <li>explicit overrides by dotted key ({@code http.port=9090}), e.g. from command-line options.</li>
 * </ol>
 * Every problem is a {@link ConfigException} naming the key, the value, what was expected and which
 * layer the value came from. The reference is {@code docs/configuration.md}.
 */
public final class ConfigLoader {

    private static final Duration MIN_TICK = Duration.ofMillis(100);

    /** Defaults ← file ← environment. {@code env} is passed in (not read here) so tests can supply it. */
    public static MicroscalerConfig load(Path yamlFileOrNull, Map<String, String> env) {
        return load(yamlFileOrNull, env, Map.of());
    }

    /**
     * Defaults ← file ← environment ← overrides.
     *
     * @param yamlFileOrNull the YAML file, or {@code null} for none
     * @param env            the environment, e.g. {@code System.getenv()}; only {@code MICROSCALER_*} is read
     * @param overrides      by dotted key ({@code "http.port" → "0"}); an unknown key is an error
     * @throws ConfigException naming the key, value, expectation and origin of the first problem found
     */
    public static MicroscalerConfig load(Path yamlFileOrNull, Map<String, String> env, Map<String, String> overrides) {
        return load(yamlFileOrNull, env, overrides, Map.of());
    }

    /**
     * As {@link #load(Path, Map, Map)}, with where some overrides came from, by key, for messages:
     * {@code http.port → "command-line option --http-port"}. Other overrides say "explicit override".
     */
    public static MicroscalerConfig load(Path yamlFileOrNull, Map<String, String> env, Map<String, String> overrides,
                                         Map<String, String> overrideOrigins) {
        return load(yamlFileOrNull, env, overrides, overrideOrigins, Clock.systemUTC());
    }

    /**
     * As {@link #load(Path, Map, Map, Map)}, with the clock that says when the configuration is
     * loaded: services' schedules are checked from that instant on (is each ever active, are two
     * ever active at once), so a test names a fixed one.
     */
    public static MicroscalerConfig load(Path yamlFileOrNull, Map<String, String> env, Map<String, String> overrides,
                                         Map<String, String> overrideOrigins, Clock clock) {
        RawSettings raw = RawSettings.defaults();
        if (yamlFileOrNull != null) {
            YamlSource.apply(yamlFileOrNull, raw);
        }
        KeyedSource.environment(env).applyTo(raw);
        KeyedSource.overrides(overrides, overrideOrigins).applyTo(raw);
        return build(raw, clock.instant());
    }

    /** The configuration with every default and no services. */
    public static MicroscalerConfig defaults() {
        return load(null, Map.of());
    }

    private static MicroscalerConfig build(RawSettings raw, Instant now) {
        HttpConfig http = new HttpConfig(
                Values.nonBlank("http.host", raw.fixed("http.host"), "a host name or IP address to listen on"),
                Values.integer("http.port", raw.fixed("http.port"), 0, 65535, " (0 picks a free port)"),
                raw.fixed("http.port").origin(),
                new StreamLimits(
                        Values.integer("http.stream.maxClients", raw.fixed("http.stream.maxClients"), 1, 100_000, ""),
                        Values.duration("http.stream.maxAge", raw.fixed("http.stream.maxAge"), Duration.ofSeconds(1), false),
                        Values.integer("http.stream.writeBuffer", raw.fixed("http.stream.writeBuffer"), 1024,
                                Integer.MAX_VALUE, " (bytes)"),
                        Values.duration("http.stream.slowClientTimeout", raw.fixed("http.stream.slowClientTimeout"),
                                Duration.ofSeconds(1), false)),
                new HttpConfig.Readiness(
                        Values.duration("http.readiness.brokerCheckInterval", raw.fixed("http.readiness.brokerCheckInterval"),
                                Duration.ofMillis(100), false),
                        Values.duration("http.readiness.brokerCheckTimeout", raw.fixed("http.readiness.brokerCheckTimeout"),
                                Duration.ofMillis(100), false),
                        Values.integer("http.readiness.brokerFailures", raw.fixed("http.readiness.brokerFailures"), 1, 100, "")));
        KafkaConfig kafka = kafka(raw);
        IngestConfig ingest = new IngestConfig(
                Values.integer("ingest.instances", raw.fixed("ingest.instances"), 0, Integer.MAX_VALUE,
                        " (0 means one per CPU core)"),
                Values.duration("ingest.maxFutureSkew", raw.fixed("ingest.maxFutureSkew"), Duration.ZERO, false),
                Values.integer("ingest.maxRecordBytes", raw.fixed("ingest.maxRecordBytes"), 1, Integer.MAX_VALUE, ""),
                Values.integer("ingest.maxNameLength", raw.fixed("ingest.maxNameLength"), 1, Integer.MAX_VALUE, ""),
                Values.choice("ingest.unknownServices", raw.fixed("ingest.unknownServices"), UnknownServices.class));
        WindowSettings windows = windows(raw, ingest.maxFutureSkew(), raw.fixed("ingest.maxFutureSkew"));
        Duration tick = Values.duration("tick", raw.fixed("tick"), MIN_TICK, false);
        ActuatorConfig actuator = ActuatorConfig.load(raw);
        ServiceConfig serviceDefaults = ServiceConfigs.defaults(raw, now);
        Map<String, ServiceConfig> services = new LinkedHashMap<>();
        for (String id : raw.serviceIds()) {
            if (id.length() > ingest.maxNameLength()) {
                // Ingest would reject every event of this service as too long a name.
                throw new ConfigException(Defaults.SERVICES, id, "a service id of at most ingest.maxNameLength ("
                        + ingest.maxNameLength() + ") characters", raw.fixed("ingest.maxNameLength").origin());
            }
            services.put(id, ServiceConfigs.service(raw, id, now));
        }
        ClusterConfig cluster = ClusterConfig.load(raw, services.values(), serviceDefaults);
        ActuatorConfig.checkShadow(raw, actuator, services.values(), cluster);
        AdminConfig admin = AdminConfig.load(raw);
        return new MicroscalerConfig(http, kafka, ingest, windows, tick, actuator, services, cluster, admin);
    }

    private static KafkaConfig kafka(RawSettings raw) {
        Map<String, String> topicNames = new LinkedHashMap<>();
        for (String name : Defaults.childrenOf("kafka.topics")) {
            String key = "kafka.topics." + name;
            String topic = Values.topic(key, raw.fixed(key));
            // One topic for two roles would feed decisions back in as requests, or dead letters as demand.
            for (Map.Entry<String, String> earlier : topicNames.entrySet()) {
                if (earlier.getValue().equals(topic)) {
                    throw Values.fail(key, raw.fixed(key), "a topic name different from " + earlier.getKey());
                }
            }
            topicNames.put(key, topic);
        }
        Map<String, Setting> given = new LinkedHashMap<>();
        for (String name : raw.propertyNames()) {
            Setting setting = raw.property(name);
            if (setting.value() == null) {
                String key = Defaults.KAFKA_PROPERTIES + "." + name;
                throw new ConfigException(key, "", "a value, e.g. in " + EnvNames.variableFor(key)
                        + " (the property is named, but given no value)", setting.origin());
            }
            given.put(name, setting);
        }
        // kafka.security's properties join the user's: every client gets them without knowing the short form.
        Map<String, String> properties = KafkaSecurity.properties(raw, given);
        return new KafkaConfig(
                Values.bootstrapServers("kafka.bootstrapServers", raw.fixed("kafka.bootstrapServers")),
                Values.nonBlank("kafka.groupId", raw.fixed("kafka.groupId"), "a Kafka consumer group id"),
                new KafkaConfig.Topics(topicNames.get("kafka.topics.requests"), topicNames.get("kafka.topics.demand"),
                        topicNames.get("kafka.topics.cluster"), topicNames.get("kafka.topics.decisions"),
                        topicNames.get("kafka.topics.deadLetter"), topicNames.get("kafka.topics.wishes"),
                        topicNames.get("kafka.topics.grants"), topicNames.get("kafka.topics.admin"),
                        topicNames.get("kafka.topics.forecastHistory")),
                Values.integer("kafka.partitions", raw.fixed("kafka.partitions"), 1, Integer.MAX_VALUE, ""),
                Values.bool("kafka.createTopics", raw.fixed("kafka.createTopics")),
                properties,
                KafkaSecurity.mode(raw));
    }

    private static WindowSettings windows(RawSettings raw, Duration maxFutureSkew, Setting skewSetting) {
        Map<String, Setting> fields = new LinkedHashMap<>();
        for (String name : Defaults.childrenOf("windows")) {
            fields.put(name, raw.fixed("windows." + name));
        }
        // Spans are whole seconds: the ring holds 1-second buckets.
        Duration stable = Values.duration("windows.stableSpan", fields.get("stableSpan"), Duration.ofSeconds(1), true);
        Duration panic = Values.duration("windows.panicSpan", fields.get("panicSpan"), Duration.ofSeconds(1), true);
        Duration stale = Values.duration("windows.staleAfter", fields.get("staleAfter"), Duration.ofSeconds(1), true);
        if (panic.compareTo(stable) > 0) {
            // The panic span is read from the same ring, which only reaches back one stable span.
            throw Values.fail("windows.panicSpan", fields.get("panicSpan"),
                    "a duration no longer than windows.stableSpan (" + Values.format(stable) + ")");
        }
        if (maxFutureSkew.compareTo(stable) >= 0) {
            // one event that far ahead would move the window past every real event it holds
            throw Values.fail("ingest.maxFutureSkew", skewSetting,
                    "a duration less than windows.stableSpan (" + Values.format(stable) + "), e.g. 5s");
        }
        return construct("windows", fields, () -> new WindowSettings(stable, panic, stale, maxFutureSkew));
    }

    /**
     * Runs a record constructor; an {@link IllegalArgumentException} from its own checks (which the
     * loader's checks should already have pre-empted) still becomes a {@link ConfigException} naming
     * the key, by matching the component the record's message starts with.
     */
    static <T> T construct(String prefix, Map<String, Setting> fields, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            for (Map.Entry<String, Setting> field : fields.entrySet()) {
                String name = field.getKey();
                // The policy record calls the config key "target" targetPerTask.
                String component = name.equals("target") ? "targetPerTask" : name;
                if (message.startsWith(component + " ")) {
                    throw Values.fail(prefix + "." + name, field.getValue(), message);
                }
            }
            throw new ConfigException(prefix, "", message, null);
        }
    }

    private ConfigLoader() {
    }
}
