package io.microscaler.localcloud;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every AWS operation the local cloud was asked for, by the access key id that signed it: what an
 * account's CloudTrail would show of a caller. Each request counts once, answered, refused or
 * faulted alike, so a client's retries count as the calls they are. Thread-safe: recorded on the
 * cloud's context, read from any thread.
 */
public final class CallLog {

    private final Map<String, Map<String, LongAdder>> byKey = new ConcurrentHashMap<>();

    void record(String accessKeyId, String operation) {
        byKey.computeIfAbsent(accessKeyId, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(operation, o -> new LongAdder()).increment();
    }

    /**
     * The requests signed with {@code accessKeyId} so far, by operation as the local cloud names it
     * ({@code ecs:UpdateService}, {@code elbv2:DescribeTargetHealth}, {@code autoscaling:…}), sorted.
     */
    public Map<String, Long> calls(String accessKeyId) {
        Map<String, Long> calls = new TreeMap<>();
        byKey.getOrDefault(accessKeyId, Map.of()).forEach((operation, count) -> calls.put(operation, count.sum()));
        return calls;
    }
}
