package io.microscaler.localcloud;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults the local cloud injects, per operation: {@code ecs:RunTask}, a whole API
 * ({@code ecs:*}) or everything ({@code *}); the most specific rule wins. A request first waits the
 * rule's latency (a timer, never a block), then is throttled with {@code throttleRate}, else fails as
 * a server error with {@code serverErrorRate}, else is served. Thread-safe: tests and the
 * {@code /_localcloud/faults} endpoint change rules while requests are served. The random numbers
 * come from one seeded {@link Random}, so a run with the same requests in the same order repeats.
 */
public final class Faults {

    /** What to do to one request: wait {@code latency}, then fail with {@code fault} (or serve it). */
    public record Injection(Duration latency, Fault fault) {
    }

    public enum Fault { NONE, THROTTLE, SERVER_ERROR }

    /**
     * @param throttleRate    0–1, the share of requests answered with a throttling error
     * @param serverErrorRate 0–1, the share of the rest answered with a 5xx
     * @param latency         added before every request of the operation
     */
    public record Rule(double throttleRate, double serverErrorRate, Duration latency) {

        public static final Rule NONE = new Rule(0, 0, Duration.ZERO);

        public Rule {
            requireRate("throttleRate", throttleRate);
            requireRate("serverErrorRate", serverErrorRate);
            if (latency == null || latency.isNegative()) {
                throw new IllegalArgumentException("latency must be zero or more, but was " + latency);
            }
        }

        private static void requireRate(String name, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(name + " must be between 0 and 1, but was " + rate);
            }
        }
    }

    private final Map<String, Rule> rules = new ConcurrentHashMap<>();
    private final Random random;
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();

    public Faults(long seed) {
        this.random = new Random(seed);
    }

    /** Sets the rule of {@code operation} ({@code ecs:RunTask}, {@code ecs:*} or {@code *}). */
    public void set(String operation, Rule rule) {
        requireOperation(operation);
        if (rule.equals(Rule.NONE)) {
            rules.remove(operation);
        } else {
            rules.put(operation, rule);
        }
    }

    public void set(String operation, double throttleRate, double serverErrorRate, long latencyMs) {
        set(operation, new Rule(throttleRate, serverErrorRate, Duration.ofMillis(latencyMs)));
    }

    public void clear(String operation) {
        rules.remove(operation);
    }

    public void clearAll() {
        rules.clear();
    }

    /** The rule that applies to {@code operation}: its own, else its API's wildcard, else {@code *}, else none. */
    public Rule ruleFor(String operation) {
        Rule own = rules.get(operation);
        if (own != null) {
            return own;
        }
        int colon = operation.indexOf(':');
        Rule api = colon < 0 ? null : rules.get(operation.substring(0, colon) + ":*");
        return api != null ? api : rules.getOrDefault("*", Rule.NONE);
    }

    /** Rolls the dice for one request of {@code operation} and counts what it injects. */
    public Injection decide(String operation) {
        Rule rule = ruleFor(operation);
        if (rule.equals(Rule.NONE)) {
            return new Injection(Duration.ZERO, Fault.NONE);
        }
        Fault fault;
        synchronized (random) {
            fault = random.nextDouble() < rule.throttleRate() ? Fault.THROTTLE
                    : random.nextDouble() < rule.serverErrorRate() ? Fault.SERVER_ERROR : Fault.NONE;
        }
        if (!rule.latency().isZero()) {
            delayed.incrementAndGet();
        }
        if (fault == Fault.THROTTLE) {
            throttled.incrementAndGet();
        } else if (fault == Fault.SERVER_ERROR) {
            serverErrors.incrementAndGet();
        }
        return new Injection(rule.latency(), fault);
    }

    /** Requests answered with a throttling error so far. */
    public long throttled() {
        return throttled.get();
    }

    /** Requests answered with an injected 5xx so far. */
    public long serverErrors() {
        return serverErrors.get();
    }

    /** Requests delayed by an injected latency so far. */
    public long delayed() {
        return delayed.get();
    }

    /** Requests failed by a fault (throttled or 5xx) so far. */
    public long injected() {
        return throttled() + serverErrors();
    }

    /**
     * Applies {@code {"operation":"ecs:*","throttleRate":0.3,"serverErrorRate":0.1,"latencyMs":20}}
     * (missing rates and latency are 0, so all zeros removes the rule), or an array of such objects.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public void apply(Object json) {
        if (json instanceof JsonArray array) {
            array.forEach(this::apply);
            return;
        }
        if (!(json instanceof JsonObject rule)) {
            throw new IllegalArgumentException("a fault rule must be a JSON object or an array of them, but was " + json);
        }
        try {
            set(rule.getString("operation"),
                    rule.getDouble("throttleRate", 0.0),
                    rule.getDouble("serverErrorRate", 0.0),
                    rule.getLong("latencyMs", 0L));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("a fault rule's rates and latencyMs must be numbers and operation a string: " + rule);
        }
    }

    /** The rules and what they injected, as {@code GET /_localcloud/faults} shows them. */
    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        new TreeMap<>(rules).forEach((operation, rule) -> list.add(new JsonObject()
                .put("operation", operation)
                .put("throttleRate", rule.throttleRate())
                .put("serverErrorRate", rule.serverErrorRate())
                .put("latencyMs", rule.latency().toMillis())));
        return new JsonObject()
                .put("rules", list)
                .put("injected", new JsonObject()
                        .put("throttled", throttled())
                        .put("serverErrors", serverErrors())
                        .put("delayed", delayed()));
    }

    private static void requireOperation(String operation) {
        if (operation == null || !(operation.equals("*") || operation.matches("[a-z0-9]+:(\\*|[A-Za-z0-9]+)"))) {
            throw new IllegalArgumentException(
                    "operation must be '*', '<api>:*' or '<api>:<Operation>' (e.g. 'ecs:RunTask'), but was " + operation);
        }
    }
}
