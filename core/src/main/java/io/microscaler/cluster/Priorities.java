package io.microscaler.cluster;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Named priority classes. Higher wins: when the cluster is full, tasks of a lower priority give
 * way to a higher one. The gaps leave room for services in between (e.g. 75).
 */
public final class Priorities {

    public static final int CRITICAL = 1000;
    public static final int HIGH = 100;
    public static final int NORMAL = 50;
    public static final int LOW = 10;
    public static final int BACKGROUND = 0;

    /** Name → value, highest first. */
    public static final Map<String, Integer> BY_NAME = names();

    private static Map<String, Integer> names() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("critical", CRITICAL);
        m.put("high", HIGH);
        m.put("normal", NORMAL);
        m.put("low", LOW);
        m.put("background", BACKGROUND);
        return Collections.unmodifiableMap(m);
    }

    /** The value of a class name ({@code high} → 100), if it is one. */
    public static Optional<Integer> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private Priorities() {
    }
}
