package io.microscaler.localcloud.autoscaling;

import io.microscaler.localcloud.ClusterEventSink;
import io.microscaler.localcloud.ClusterMembership;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake ECS side: records which instances joined and left, and the events sent. */
final class RecordingMembership implements ClusterMembership, ClusterEventSink {

    record Join(String cluster, String instanceId, int cpu, int memory, boolean spot) {
    }

    record Event(String key, String json) {
    }

    private final List<Join> joins = new CopyOnWriteArrayList<>();
    private final List<String> leaves = new CopyOnWriteArrayList<>();
    private final List<Event> sent = new CopyOnWriteArrayList<>();

    @Override
    public void join(String clusterName, String instanceId, int cpu, int memory, boolean spot) {
        joins.add(new Join(clusterName, instanceId, cpu, memory, spot));
    }

    @Override
    public void leave(String instanceId) {
        leaves.add(instanceId);
    }

    @Override
    public void send(String key, String eventJson) {
        sent.add(new Event(key, eventJson));
    }

    /** What concerns one cluster: its joins, its instances' leaves, the events keyed by it. */
    Cluster cluster(String name) {
        return new Cluster(name);
    }

    final class Cluster {
        private final String name;

        private Cluster(String name) {
            this.name = name;
        }

        List<Join> joined() {
            return joins.stream().filter(j -> j.cluster().equals(name)).toList();
        }

        List<String> joinedIds() {
            return joined().stream().map(Join::instanceId).toList();
        }

        List<String> left() {
            List<String> ids = joinedIds();
            return leaves.stream().filter(ids::contains).toList();
        }

        /** Joined and not left. */
        List<String> members() {
            List<String> left = left();
            return joinedIds().stream().filter(id -> !left.contains(id)).toList();
        }

        List<Event> events() {
            return sent.stream().filter(e -> e.key().equals(name)).toList();
        }
    }
}
