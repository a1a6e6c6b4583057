package io.microscaler.localcloud;

/**
 * Where the local cloud sends what EventBridge would deliver: ECS task and container-instance
 * state changes and EC2 spot interruption warnings, as JSON with {@code detail-type} and
 * {@code detail}. The demo sends them to the cluster topic. Must not block.
 *
 * @see <a href="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html">EC2 Spot Instance interruption notices</a>
 */
@FunctionalInterface
public interface ClusterEventSink {

    /** @param key the cluster name (the topic's key) */
    void send(String key, String eventJson);

    ClusterEventSink NONE = (key, json) -> { };
}
