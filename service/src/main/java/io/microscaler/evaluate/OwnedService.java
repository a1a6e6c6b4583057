package io.microscaler.evaluate;

import io.microscaler.decision.Decision;
import io.microscaler.policy.ServiceState;
import io.microscaler.window.ServiceWindow;

/**
 * Everything one owner keeps for one service: its window, the policy's state, the last decision
 * it published and the next sequence number. Mutable, owned by one verticle's context.
 */
public final class OwnedService {

    private final String partition;
    private final ServiceWindow window;
    private ServiceState state;
    private long nextSeq;
    private Decision lastPublished;
    private Decision lastEvaluation;
    private io.microscaler.window.WindowSnapshot lastSnapshot;
    private long newestSecondEvaluated; // requests in the newest whole second the last evaluation read
    // the policy and bounds the last evaluator found for this service, and which evaluator: its maps
    // do not change, so it looks them up once, not every tick (a hash lookup by name was 4 % of a tick
    // at 10,000 services, issue 20)
    private ServiceEvaluator lookedUpBy;
    private io.microscaler.policy.ScalingPolicy policy;
    private ServiceEvaluator.Bounds bounds;

    OwnedService(String partition, ServiceWindow window, ServiceState state, long firstSeq) {
        this.partition = partition;
        this.window = window;
        this.state = state;
        this.nextSeq = firstSeq;
    }

    public String partition() {
        return partition;
    }

    public ServiceWindow window() {
        return window;
    }

    public ServiceState state() {
        return state;
    }

    public void state(ServiceState newState) {
        this.state = newState;
    }

    public Decision lastPublished() {
        return lastPublished;
    }

    public Decision lastEvaluation() {
        return lastEvaluation;
    }

    /** The snapshot of the last evaluation, or null before the first. */
    public io.microscaler.window.WindowSnapshot lastSnapshot() {
        return lastSnapshot;
    }

    /** Requests in the newest whole second the last evaluation read: records for it may come later. */
    long newestSecondEvaluated() {
        return newestSecondEvaluated;
    }

    void evaluated(Decision decision, io.microscaler.window.WindowSnapshot snapshot, long newestSecondRequests) {
        this.lastEvaluation = decision;
        this.lastSnapshot = snapshot;
        this.newestSecondEvaluated = newestSecondRequests;
    }

    /** Whether {@code evaluator} found this service's policy and bounds already ({@link #lookedUp}). */
    boolean lookedUpBy(ServiceEvaluator evaluator) {
        return lookedUpBy == evaluator;
    }

    void lookedUp(ServiceEvaluator evaluator, io.microscaler.policy.ScalingPolicy policy, ServiceEvaluator.Bounds bounds) {
        this.lookedUpBy = evaluator;
        this.policy = policy;
        this.bounds = bounds;
    }

    io.microscaler.policy.ScalingPolicy policy() {
        return policy;
    }

    ServiceEvaluator.Bounds bounds() {
        return bounds;
    }

    /** Numbers a decision and remembers it as the last one published. */
    Decision publish(Decision decision) {
        Decision numbered = decision.withSeq(nextSeq++);
        this.lastPublished = numbered;
        this.lastEvaluation = numbered;
        return numbered;
    }
}
