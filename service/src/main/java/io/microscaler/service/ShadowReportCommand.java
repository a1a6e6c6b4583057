package io.microscaler.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.audit.ShadowReport;
import io.microscaler.config.ConfigException;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.kafka.KafkaClientProperties;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code shadow-report --config FILE --from TIME [--to TIME] [--service ID]}: what shadow mode would
 * have done beside what the services really ran, from the decisions (audit) topic, as a table per
 * service ({@link ShadowReport} says what it can and cannot see). Reads the topic without a consumer
 * group (nothing committed, no effect on a running microscaler), from the first record at or after
 * {@code --from} in each partition up to {@code --to} or the partition's end when the command started.
 * Exit codes: 0 printed, 1 the broker failed, 2 bad arguments or configuration.
 */
public final class ShadowReportCommand {

    public static final String USAGE = """
            Options for shadow-report:
              --config FILE    the configuration shadow mode ran with (kafka.* and the decisions topic)
              --from TIME      start of the span, ISO-8601 (2026-12-06T08:00:00Z), or a duration before
                               now (6h, 90m, 2d)
              --to TIME        end of the span, the same forms (default: now)
              --service ID     only this service (repeatable)
            """;

    /** How long to wait for the broker before giving up on a read. */
    static final Duration POLL_DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, List<String>> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (!List.of("--config", "--from", "--to", "--service").contains(option) || i + 1 >= args.size()) {
                err.println("microscaler shadow-report: " + (i + 1 >= args.size() ? option + " needs a value"
                        : "unknown option '" + option + "'") + "\n\n" + USAGE);
                return 2;
            }
            options.computeIfAbsent(option, o -> new ArrayList<>()).add(args.get(++i));
        }
        if (!options.containsKey("--config") || !options.containsKey("--from")) {
            err.println("microscaler shadow-report: --config FILE and --from TIME are required\n\n" + USAGE);
            return 2;
        }
        Instant now = Instant.now();
        Instant from;
        Instant to;
        try {
            from = time("--from", options.get("--from").get(0), now);
            to = options.containsKey("--to") ? time("--to", options.get("--to").get(0), now) : now;
        } catch (IllegalArgumentException e) {
            err.println("microscaler shadow-report: " + e.getMessage());
            return 2;
        }
        if (!from.isBefore(to)) {
            err.println("microscaler shadow-report: --from (" + from + ") must be before --to (" + to + ")");
            return 2;
        }
        MicroscalerConfig config;
        try {
            config = ConfigLoader.load(Path.of(options.get("--config").get(0)), System.getenv(), Map.of(), Map.of());
        } catch (ConfigException e) {
            return ServiceMain.configError(e);
        }
        return report(config, from, to, options.getOrDefault("--service", List.of()), out, err);
    }

    /** An ISO-8601 instant, or a duration before {@code now} ({@code 6h}, {@code 90m}, {@code 2d}). */
    static Instant time(String option, String text, Instant now) {
        String t = text.strip();
        if (t.matches("\\d+[smhd]")) {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " = '" + text + "': expected an ISO-8601 instant such as"
                    + " 2026-12-06T08:00:00Z, or a duration before now such as 6h, 90m or 2d");
        }
    }

    /** Reads the span from the decisions topic and prints the table. */
    public static int report(MicroscalerConfig config, Instant from, Instant to, List<String> only, PrintStream out,
                             PrintStream err) {
        String topic = config.kafka().topics().decisions();
        Map<String, Object> props = new HashMap<>(KafkaClientProperties.consumer(config.kafka(),
                config.kafka().requiredBootstrapServers(), "microscaler-shadow-report"));
        props.remove("group.id"); // assigned, not subscribed: nothing committed, no group to join
        props.put("enable.auto.commit", "false");
        List<ShadowReport.Record> records = new ArrayList<>();
        int unreadable = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, POLL_DEADLINE).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> starts = new HashMap<>();
            partitions.forEach(p -> starts.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> first = consumer.offsetsForTimes(starts, POLL_DEADLINE);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, POLL_DEADLINE);
            List<TopicPartition> pending = new ArrayList<>();
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp at = first.get(p);
                if (at != null && at.offset() < ends.get(p)) {
                    consumer.seek(p, at.offset());
                    pending.add(p);
                }
            }
            consumer.assign(pending);
            long deadline = System.nanoTime() + POLL_DEADLINE.toNanos();
            while (!pending.isEmpty()) {
                if (System.nanoTime() - deadline > 0) {
                    err.println("microscaler shadow-report: the decisions topic " + topic + " did not deliver up to its end"
                            + " within " + POLL_DEADLINE.toSeconds() + " s; partitions not read to the end: " + pending);
                    return 1;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition p = new TopicPartition(r.topic(), r.partition());
                    if (!pending.contains(p)) {
                        continue;
                    }
                    if (r.timestamp() >= to.toEpochMilli() || r.offset() + 1 >= ends.get(p)) {
                        pending.remove(p);
                        consumer.assign(pending);
                    }
                    if (r.timestamp() >= to.toEpochMilli()) {
                        continue;
                    }
                    ShadowReport.Record record = parse(r.value());
                    if (record == null) {
                        unreadable++;
                    } else if (only.isEmpty() || only.contains(record.service())) {
                        records.add(record);
                    }
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            err.println("microscaler shadow-report: reading " + topic + " from " + config.kafka().requiredBootstrapServers()
                    + " failed: " + e);
            return 1;
        }
        out.print(ShadowReport.table(ShadowReport.of(records, from, to), from, to));
        if (unreadable > 0) {
            out.println(unreadable + " record(s) on " + topic + " were not decisions and were skipped");
        }
        return 0;
    }

    /** An audit record, or null if the bytes are not one. */
    static ShadowReport.Record parse(byte[] value) {
        try {
            JsonNode d = MAPPER.readTree(value);
            if (d == null || !d.path("service").isTextual() || !d.path("ts").canConvertToLong()
                    || !d.path("from").isInt() || !d.path("to").isInt()) {
                return null;
            }
            JsonNode running = d.path("inputs").path("running");
            return new ShadowReport.Record(d.path("service").asText(), Instant.ofEpochMilli(d.path("ts").asLong()),
                    d.path("from").asInt(), d.path("to").asInt(), d.path("shadow").asBoolean(false),
                    running.isNumber() ? (Integer) running.asInt() : null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private ShadowReportCommand() {
    }
}
