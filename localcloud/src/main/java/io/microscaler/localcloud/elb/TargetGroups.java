package io.microscaler.localcloud.elb;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.HealthProbe;
import io.microscaler.localcloud.HealthyTargets;
import io.microscaler.localcloud.LocalCloudSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target groups and what time does to their targets: health checks every
 * min(group interval, settings interval) through the {@link HealthProbe} (one probe in flight per
 * target at most), draining for min(group deregistration delay, settings delay), then removal and
 * the drained callbacks. After every change it publishes the routable targets as an immutable
 * snapshot for the load balancer's threads. Everything else runs on the local cloud's context.
 */
final class TargetGroups implements HealthyTargets {

    private static final Logger LOG = LoggerFactory.getLogger(TargetGroups.class);
    static final String HOST = "127.0.0.1";

    private final Vertx vertx;
    private final LocalCloudSettings settings;
    private final HealthProbe probe;
    private final Map<String, TargetGroup> byArn = new LinkedHashMap<>();
    private volatile Map<String, List<Target>> routable = Map.of();

    TargetGroups(Vertx vertx, LocalCloudSettings settings, HealthProbe probe) {
        this.vertx = vertx;
        this.settings = settings;
        this.probe = probe;
    }

    @Override
    public List<Target> of(String targetGroupName) {
        return routable.getOrDefault(targetGroupName, List.of());
    }

    /** Creates the group, or returns the one with this name and the same settings. */
    TargetGroup create(TargetGroupSettings s) {
        Optional<TargetGroup> existing = byName(s.name());
        if (existing.isPresent()) {
            if (existing.get().settings.equals(s)) {
                return existing.get();
            }
            throw AwsError.client("DuplicateTargetGroupName",
                    "A target group with the same name '" + s.name() + "' exists, but with different settings");
        }
        TargetGroup group = new TargetGroup(arn(s.name()), s);
        byArn.put(group.arn, group);
        publish();
        return group;
    }

    List<TargetGroup> all() {
        return List.copyOf(byArn.values());
    }

    Optional<TargetGroup> find(String arn) {
        return Optional.ofNullable(byArn.get(arn));
    }

    /** The group, or AWS's {@code TargetGroupNotFound}. */
    TargetGroup get(String arn) {
        return find(arn).orElseThrow(() -> notFound("Target groups '" + arn + "' not found"));
    }

    Optional<TargetGroup> byName(String name) {
        return byArn.values().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    static AwsError notFound(String message) {
        return AwsError.client("TargetGroupNotFound", message);
    }

    /**
     * Registers {@code instance:port}: {@code initial}, health-checked from one interval on. A
     * registered target stays as it is; a draining one starts over as {@code initial} (its drained
     * callbacks are dropped: it was not drained).
     */
    void register(TargetGroup group, String instanceId, int port) {
        RegisteredTarget current = group.target(instanceId, port);
        if (current != null && current.state() != HealthState.DRAINING) {
            return;
        }
        if (current != null) {
            vertx.cancelTimer(current.timerId);
        }
        TargetGroupSettings s = group.settings;
        RegisteredTarget target = new RegisteredTarget(instanceId, port, s.healthCheckEnabled());
        group.put(target);
        if (s.healthCheckEnabled()) {
            long interval = Math.max(1, Math.min(s.healthCheckIntervalSeconds() * 1000L,
                    settings.healthCheckInterval().toMillis()));
            target.timerId = vertx.setPeriodic(interval, id -> check(group, target));
        }
        publish();
    }

    private void check(TargetGroup group, RegisteredTarget target) {
        if (target.probeInFlight || target.state() == HealthState.DRAINING) {
            return;
        }
        target.probeInFlight = true;
        Context context = vertx.getOrCreateContext();
        Future<Boolean> answer;
        try {
            answer = probe.check(group.host(target), group.healthCheckPort(target), group.settings.healthCheckPath());
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        answer.onComplete(ar -> onContext(context, () -> {
            target.probeInFlight = false;
            if (group.target(target.instanceId, target.port) != target) {
                return; // deregistered and gone, or registered again since
            }
            boolean passed = ar.succeeded() && Boolean.TRUE.equals(ar.result());
            if (target.record(passed, group.settings.healthyThresholdCount(), group.settings.unhealthyThresholdCount())) {
                LOG.debug("target {} in {} is now {}", target, group.name(), target.state().wire);
                publish();
            }
        }));
    }

    /**
     * Starts draining: no more traffic or health checks; after the deregistration delay the
     * target is removed and {@code drained} runs. Draining again only adds the callback.
     */
    void deregister(TargetGroup group, RegisteredTarget target, Runnable drained) {
        target.onDrained.add(drained);
        if (target.state() == HealthState.DRAINING) {
            return;
        }
        vertx.cancelTimer(target.timerId);
        target.drain();
        long delay = Math.max(1, Math.min(group.deregistrationDelaySeconds() * 1000L,
                settings.deregistrationDelay().toMillis()));
        target.timerId = vertx.setTimer(delay, id -> {
            if (group.remove(target)) {
                publish();
            }
            for (Runnable callback : target.onDrained) {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    LOG.warn("drained callback of {} in {} failed", target, group.name(), e);
                }
            }
        });
        publish();
    }

    /** Rebuilds the snapshot the load balancer reads. */
    private void publish() {
        Map<String, List<Target>> next = new LinkedHashMap<>();
        for (TargetGroup group : byArn.values()) {
            List<Target> targets = new ArrayList<>();
            for (RegisteredTarget t : group.targets()) {
                if (t.state().routable()) {
                    targets.add(new Target(t.instanceId, group.host(t), t.port));
                }
            }
            next.put(group.name(), List.copyOf(targets));
        }
        routable = Map.copyOf(next);
    }

    /** {@code arn:aws:elasticloadbalancing:region:account:targetgroup/name/<16 hex>}, the same for the same name. */
    private String arn(String name) {
        String prefix = "arn:aws:elasticloadbalancing:" + settings.region() + ":" + settings.accountId() + ":targetgroup/";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((prefix + name).getBytes(StandardCharsets.UTF_8));
            return prefix + name + "/" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void onContext(Context context, Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
