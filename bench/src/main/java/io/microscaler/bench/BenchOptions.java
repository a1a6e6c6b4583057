package io.microscaler.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's options, read from system properties ({@code -Dn=1000000}), with the values used
 * remembered so the results block can print them: a figure without its settings means nothing.
 */
final class BenchOptions {

    private final List<String> used = new ArrayList<>();

    long longValue(String name, long defaultValue) {
        String raw = System.getProperty(name);
        long value;
        try {
            value = raw == null ? defaultValue : Long.parseLong(raw.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be a whole number, but was '" + raw + "'", e);
        }
        used.add(name + "=" + value);
        return value;
    }

    int intValue(String name, int defaultValue) {
        return Math.toIntExact(longValue(name, defaultValue));
    }

    String text(String name, String defaultValue) {
        String value = System.getProperty(name, defaultValue);
        used.add(name + "=" + value);
        return value;
    }

    /** e.g. {@code -Dn=5000000 -Dservices=50}: the options as they were in force. */
    String describe() {
        return String.join(" ", used.stream().map(u -> "-D" + u).toList());
    }
}
