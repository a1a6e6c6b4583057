package io.microscaler.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** (c) Kafka Streams ({@link StreamsApp}, run by {@link IsolatedStreams}), checked against the producer's totals. */
final class KafkaStreamsRun {

    static RunResult run(String bootstrap, TopicLoader.Loaded data, String applicationId, String store,
                         long eventTimeEnd) throws Exception {
        Map<String, long[]> windows = new HashMap<>();
        // Taken here, not in StreamsApp: its copy of ThreadCpu, in the other class loader, knows no broker threads
        Map<String, ThreadCpu.Snapshot> marks = new ConcurrentHashMap<>();
        long[] r = IsolatedStreams.run(bootstrap, data.topic(), applicationId, store, eventTimeEnd + 1000, data.records(),
                windows, mark -> marks.put(mark, ThreadCpu.take()));
        long applied = r[StreamsApp.APPLIED];
        ThreadCpu.Usage cpu = ThreadCpu.between(marks.get(StreamsApp.START), marks.get(StreamsApp.END));
        String detail = check(data.totals(), windows, applied, r[StreamsApp.REJECTED], data.records());
        return new RunResult("(c) Kafka Streams, 1 s windows (" + store + " store)", applied,
                r[StreamsApp.END_AT] - r[StreamsApp.RUNNING_AT], r[StreamsApp.END_AT] - r[StreamsApp.FIRST_AT],
                new RunResult.Check(detail.startsWith("ok"), detail), cpu);
    }

    private static String check(ServiceTotals totals, Map<String, long[]> windows, long applied, long rejected,
                                long expected) {
        if (applied != expected || rejected != 0) {
            return "FAILED: applied " + applied + " of " + expected + ", " + rejected + " not decoded";
        }
        long windowCount = 0;
        for (int i = 0; i < totals.services.length; i++) {
            long[] t = windows.getOrDefault(totals.services[i], new long[5]);
            if (t[0] != totals.count[i] || t[1] != totals.errors[i] || t[2] != totals.latencySumMs[i]
                    || t[3] != totals.latencyMaxMs[i]) {
                return "FAILED: " + totals.services[i] + " windows hold " + t[0] + " / " + t[1] + " / " + t[2] + " / "
                        + t[3] + ", sent " + totals.count[i] + " / " + totals.errors[i] + " / " + totals.latencySumMs[i]
                        + " / " + totals.latencyMaxMs[i];
            }
            windowCount += t[4];
        }
        return "ok: applied " + applied + "; " + windowCount + " windows hold every service's count, errors,"
                + " latency sum and max";
    }

    private KafkaStreamsRun() {
    }
}
