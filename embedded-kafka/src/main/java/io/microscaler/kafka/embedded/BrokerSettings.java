package io.microscaler.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of the embedded single-node broker: one KRaft node that is both broker and
 * controller, on two loopback ports, with everything that would otherwise wait for more replicas
 * or more members set for one.
 */
record BrokerSettings(Map<String, String> properties, String bootstrapServers, Path logDirectory,
                      Map<String, String> listenerAddresses) {

    static final String HOST = "127.0.0.1";
    static final String CONTROLLER = "CONTROLLER";
    static final String PLAINTEXT = "PLAINTEXT";
    static final int NODE_ID = 1;

    static BrokerSettings onFreeLoopbackPorts(Path directory, Map<String, String> extra) {
        return onFreeLoopbackPorts(directory, extra, Map.of());
    }

    /**
     * @param listeners client listeners besides PLAINTEXT, name (upper case) → security protocol
     *                  ({@code SSL}, {@code SASL_SSL}, {@code SASL_PLAINTEXT}), each on a free loopback
     *                  port of its own; their settings come in {@code extra}
     *                  ({@code listener.name.<name in lower case>.…})
     */
    static BrokerSettings onFreeLoopbackPorts(Path directory, Map<String, String> extra, Map<String, String> listeners) {
        int brokerPort = freeLoopbackPort();
        int controllerPort = freeLoopbackPort();
        Path logDirectory = directory.resolve("data");
        String bootstrap = HOST + ":" + brokerPort;

        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        // Static quorum of one voter: no dynamic-quorum bootstrap needed when formatting.
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        // Loopback only: a developer's broker must not be reachable from the network.
        StringBuilder listenersValue = new StringBuilder(PLAINTEXT + "://" + bootstrap + "," + CONTROLLER + "://" + HOST + ":" + controllerPort);
        StringBuilder advertised = new StringBuilder(PLAINTEXT + "://" + bootstrap);
        StringBuilder protocols = new StringBuilder(PLAINTEXT + ":PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put(PLAINTEXT, bootstrap);
        listeners.forEach((name, protocol) -> {
            String address = HOST + ":" + freeLoopbackPort();
            addresses.put(name, address);
            listenersValue.append(',').append(name).append("://").append(address);
            advertised.append(',').append(name).append("://").append(address);
            protocols.append(',').append(name).append(':').append(protocol);
        });
        p.put("listeners", listenersValue.toString());
        p.put("advertised.listeners", advertised.toString());
        p.put("listener.security.protocol.map", protocols.toString());
        p.put("controller.listener.names", CONTROLLER);
        p.put("inter.broker.listener.name", PLAINTEXT);
        p.put("log.dirs", logDirectory.toString());

        // One node: internal topics cannot have more than one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // The first group join creates __consumer_offsets: 3 partitions instead of 50 make it quick.
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.num.partitions", "3");
        // No point waiting 3 s for more members to join a test's or the demo's first group.
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("num.partitions", "1");

        // The broker unfences on a heartbeat once it has caught up with the metadata log: shorter
        // heartbeats shorten the start (the default 2 s would wait up to 2 s for nothing).
        p.put("broker.heartbeat.interval.ms", "250");
        // The log cleaner (for compacted internal topics) reserves its dedupe buffer on the heap
        // up front: 128 MB by default, far more than a few test topics need.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");

        p.putAll(extra);
        return new BrokerSettings(Map.copyOf(p), bootstrap, logDirectory, Map.copyOf(addresses));
    }

    /** A port that was free a moment ago: bound on loopback and released. */
    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }
}
