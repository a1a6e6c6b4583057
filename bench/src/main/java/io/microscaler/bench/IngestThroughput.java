package io.microscaler.bench;

import io.microscaler.kafka.embedded.EmbeddedKafkaBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.utils.internals.AppInfoParser;

/**
 * Ingest throughput on one embedded broker: the same N request events consumed by (a) a plain
 * {@code KafkaConsumer} polling and discarding, (b) microscaler's ingest verticles into its windows,
 * (c) a Kafka Streams application doing the same per-service windowed aggregation. Prints
 * records/s of each, (b)/(a) and (b)/(c).
 *
 * <pre>
 * mvn -B -q -Pbench package -DskipTests
 * java -cp target/bench.jar io.microscaler.bench.IngestThroughput          # -Dn=5000000 by default
 * </pre>
 * Options: {@code -Dn} records (5,000,000), {@code -Dservices} (50), {@code -Dpartitions} (6),
 * {@code -Dwarmup} records of a separate warm-up topic each consumer reads first (n / 5, at most
 * 1,000,000; 0: none), {@code -Dinstances} ingest verticles, one (b) run per value ("1,2": one, like
 * (a)'s one consumer and (c)'s one stream thread, and two, what {@code Microscaler.start} deploys
 * on 2 cores), {@code -Dstreams.store} {@code memory} or {@code rocksdb}, {@code -Drounds} (1):
 * measured rounds, each running a, b…, c in that order; {@code -Druns} (a,b,c): which of them to run
 * (the ratios need all three); {@code -Dthreads} (false): print each client thread's CPU per run.
 *
 * <p>CPU per record is printed for the whole JVM (the broker serving the fetches included), without
 * the broker's threads, and for Vert.x's event loops alone; with the bytes the client's threads
 * allocated per record ({@link ThreadCpu} says what counts as whose).
 */
public final class IngestThroughput {

    /** Event times cover the 55 s before the end: all inside microscaler's default 60 s window. */
    private static final long EVENT_SPAN_MS = 55_000;

    public static void main(String[] args) throws Exception {
        Quiet.logs();
        BenchOptions options = new BenchOptions();
        long n = options.longValue("n", 5_000_000);
        int services = options.intValue("services", 50);
        int partitions = options.intValue("partitions", 6);
        long warmup = options.longValue("warmup", Math.min(n / 5, 1_000_000));
        List<Integer> instances = instanceCounts(options.text("instances", "1,2"));
        String store = options.text("streams.store", "memory");
        int rounds = options.intValue("rounds", 1);
        String runs = options.text("runs", "a,b,c"); // fewer, e.g. "b", to profile one of them
        boolean threads = Boolean.parseBoolean(options.text("threads", "false")); // each client thread's CPU per run

        String runId = UUID.randomUUID().toString().substring(0, 6);
        long eventTimeEnd = System.currentTimeMillis();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            String bootstrap = broker.bootstrapServers();
            System.out.printf(Locale.ROOT, "broker %s (Kafka %s, this JVM); loading topics...%n", bootstrap,
                    AppInfoParser.getVersion());
            TopicLoader.Loaded warm = null;
            if (warmup > 0) {
                TopicLoader.createTopic(bootstrap, "bench.warmup", partitions);
                warm = TopicLoader.load(bootstrap, "bench.warmup", warmup, new RequestMix(services, 2), eventTimeEnd,
                        EVENT_SPAN_MS);
            }
            TopicLoader.createTopic(bootstrap, "bench.requests", partitions);
            TopicLoader.Loaded data = TopicLoader.load(bootstrap, "bench.requests", n, new RequestMix(services, 1),
                    eventTimeEnd, EVENT_SPAN_MS);
            System.out.printf(Locale.ROOT, "loaded %,d records (%,d value bytes, %.0f B each) in %.1f s (%,.0f records/s)%n",
                    data.records(), data.bytes(), (double) data.bytes() / data.records(), data.nanos() / 1e9,
                    data.records() * 1e9 / data.nanos());
            ThreadCpu.markBrokerThreads(); // the loaders' clients are closed: what runs now is the broker

            if (warm != null) {
                for (RunResult r : round(bootstrap, warm, partitions, instances, store, eventTimeEnd, runId + "-warm", runs)) {
                    System.out.printf(Locale.ROOT, "warm-up  %-48s %,12.0f records/s  %s%n", r.name(),
                            r.recordsPerSecond(), r.check().ok() ? "ok" : r.check().detail());
                }
            }
            List<List<RunResult>> measured = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                List<RunResult> results = round(bootstrap, data, partitions, instances, store, eventTimeEnd, runId + "-" + i, runs);
                int round = measured.size() + 1;
                results.forEach(r -> {
                    System.out.printf(Locale.ROOT, "round %d  %-48s %,12.0f records/s  %5.2f CPU µs/rec, %5.2f without"
                                    + " the broker (JIT %.2f, GC %.2f), %5.2f event loops, %4.0f B/rec (%4.0f event loops)"
                                    + "  %s%n", round, r.name(), r.recordsPerSecond(), r.cpuMicrosPerRecord(),
                            r.withoutBrokerMicrosPerRecord(), r.jitMicrosPerRecord(), r.gcMicrosPerRecord(),
                            r.eventLoopMicrosPerRecord(), r.clientBytesPerRecord(), r.eventLoopBytesPerRecord(),
                            r.check().ok() ? "ok" : r.check().detail());
                    if (threads) {
                        printThreads(r);
                    }
                });
                measured.add(results);
            }
            if (runs.equals("a,b,c")) {
                print(options, data, services, partitions, warmup, measured);
            }
            boolean allOk = measured.stream().flatMap(List::stream).allMatch(r -> r.check().ok());
            if (!allOk) {
                System.exit(1);
            }
        }
    }

    /** (a), then (b) for each instance count, then (c): the reference first, the other reference last. */
    private static List<RunResult> round(String bootstrap, TopicLoader.Loaded data, int partitions, List<Integer> instances,
                                         String store, long eventTimeEnd, String id, String runs) throws Exception {
        List<RunResult> results = new ArrayList<>();
        if (runs.contains("a")) {
            results.add(PlainConsumerRun.run(bootstrap, data.topic(), data.records(), "bench-plain-" + id));
        }
        for (int n : runs.contains("b") ? instances : List.<Integer>of()) {
            results.add(MicroscalerIngestRun.run(bootstrap, data, partitions, n, "bench-ingest-" + n + "-" + id,
                    eventTimeEnd));
        }
        if (runs.contains("c")) {
            results.add(KafkaStreamsRun.run(bootstrap, data, "bench-streams-" + id, store, eventTimeEnd));
        }
        return results;
    }

    private static void printThreads(RunResult r) {
        ThreadCpu.Usage u = r.cpu();
        System.out.printf(Locale.ROOT, "         broker threads %.2f µs/rec, client threads %.2f, no Java thread %.2f"
                        + " (JIT %.2f, GC %.2f):%n", u.brokerNanos() / 1e3 / r.records(), u.clientNanos() / 1e3 / r.records(),
                r.vmMicrosPerRecord(), r.jitMicrosPerRecord(), r.gcMicrosPerRecord());
        u.clientByThread().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() > 1_000_000)
                .forEach(e -> System.out.printf(Locale.ROOT, "           %-60s %8.1f ms%n", e.getKey(), e.getValue() / 1e6));
    }

    private static List<Integer> instanceCounts(String list) {
        List<Integer> counts = new ArrayList<>();
        for (String part : list.split(",")) {
            int n = Integer.parseInt(part.trim());
            if (n < 1) {
                throw new IllegalArgumentException("-Dinstances must list counts >= 1, but was '" + list + "'");
            }
            counts.add(n);
        }
        return counts;
    }

    private static void print(BenchOptions options, TopicLoader.Loaded data, int services, int partitions, long warmup,
                              List<List<RunResult>> rounds) {
        StringBuilder out = new StringBuilder();
        out.append("\n=== Ingest throughput ===\n");
        out.append(String.format(Locale.ROOT, "machine: %d cores, Java %s, Kafka %s, broker embedded in this JVM%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), AppInfoParser.getVersion()));
        out.append(String.format(Locale.ROOT, "data: %,d request events, %d services (Zipf 1), %d partitions, %.0f B per value%n",
                data.records(), services, partitions, (double) data.bytes() / data.records()));
        out.append("options: ").append(options.describe()).append('\n');
        out.append(String.format(Locale.ROOT, "order: warm-up on %,d other records (a, b…, c), then per round a, b…, c;"
                + " every run in its own consumer group, from the first offset%n", warmup));
        out.append(String.format(Locale.ROOT, "%-50s %12s %16s %10s %10s %6s %6s %10s %6s %6s  %s%n", "run (last round)",
                "records/s", "from 1st record", "CPU µs/rec", "w/o broker", "(JIT)", "(GC)", "event loop", "B/rec",
                "(loop)", "check"));
        List<RunResult> last = rounds.get(rounds.size() - 1);
        for (RunResult r : last) {
            out.append(String.format(Locale.ROOT, "%-50s %,12.0f %,16.0f %10.2f %10.2f %6.2f %6.2f %10.2f %6.0f %6.0f  %s%n",
                    r.name(), r.recordsPerSecond(), r.activeRecordsPerSecond(), r.cpuMicrosPerRecord(),
                    r.withoutBrokerMicrosPerRecord(), r.jitMicrosPerRecord(), r.gcMicrosPerRecord(),
                    r.eventLoopMicrosPerRecord(), r.clientBytesPerRecord(), r.eventLoopBytesPerRecord(), r.check().detail()));
        }
        for (int i = 0; i < rounds.size(); i++) {
            List<RunResult> r = rounds.get(i);
            RunResult a = r.get(0);
            RunResult c = r.get(r.size() - 1);
            for (RunResult b : r.subList(1, r.size() - 1)) {
                out.append(String.format(Locale.ROOT, "round %d, %s: (b)/(a) = %.2f (target >= 0.7), (b)/(c) = %.2f"
                                + " (target >= 2); by CPU per record (a)/(b) = %.2f, (c)/(b) = %.2f; without the"
                                + " broker (a)/(b) = %.2f, (c)/(b) = %.2f; (b) %.2f µs/rec without the broker"
                                + " (target <= 1.0)%n", i + 1,
                        b.name().substring(b.name().indexOf('(', 3) + 1, b.name().length() - 1),
                        b.recordsPerSecond() / a.recordsPerSecond(), b.recordsPerSecond() / c.recordsPerSecond(),
                        a.cpuMicrosPerRecord() / b.cpuMicrosPerRecord(), c.cpuMicrosPerRecord() / b.cpuMicrosPerRecord(),
                        a.withoutBrokerMicrosPerRecord() / b.withoutBrokerMicrosPerRecord(),
                        c.withoutBrokerMicrosPerRecord() / b.withoutBrokerMicrosPerRecord(),
                        b.withoutBrokerMicrosPerRecord()));
            }
        }
        out.append("records/s: from partition assignment (stream thread RUNNING, for (c)) to the last record"
                + " consumed or applied to the windows; CPU: the whole JVM's (broker included) over the run; w/o broker:"
                + " the same less the broker's Java threads (client threads, main, GC, JIT, VM), of which JIT and GC:"
                + " the compilers' and the collector's threads (no Java threads; their work is for the broker's code and"
                + " garbage too); event loop: vert.x-eventloop-thread-*; B/rec: allocated by the client's Java threads"
                + " (loop: by the event loops)\n");
        System.out.print(out);
    }

    private IngestThroughput() {
    }
}
