package io.microscaler.actuate;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The actuator's rule "one operation in flight per service", in one place: an operation on a
 * service starts only once the service's previous one has ended, whatever its outcome, and in the
 * order asked; operations on different services run side by side. {@link ScalingTarget}s rely on
 * it and do not serialise again. Plain code on one context (the actuator's).
 */
public final class SerialOperations {

    private final Map<String, Future<?>> last = new HashMap<>();

    /** Runs the operation after the service's last one; its future completes with the operation's. */
    public <T> Future<T> run(String service, Supplier<Future<T>> operation) {
        Future<?> before = last.get(service);
        Future<T> mine = before == null ? start(operation) : before.transform(ignored -> start(operation));
        last.put(service, mine);
        mine.onComplete(ignored -> last.remove(service, mine));
        return mine;
    }

    /** Whether an operation on the service is running or waiting. */
    public boolean busy(String service) {
        return last.containsKey(service);
    }

    private static <T> Future<T> start(Supplier<Future<T>> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
