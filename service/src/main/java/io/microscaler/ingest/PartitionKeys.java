package io.microscaler.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interned "topic-partition" names, so the per-record path looks a key up instead of building a
 * string for every event. Owned by one verticle: not thread-safe.
 */
final class PartitionKeys {

    private final Map<String, List<String>> byTopic = new HashMap<>();

    String of(String topic, int partition) {
        List<String> keys = byTopic.computeIfAbsent(topic, t -> new ArrayList<>());
        while (keys.size() <= partition) {
            keys.add(topic + "-" + keys.size());
        }
        return keys.get(partition);
    }
}
