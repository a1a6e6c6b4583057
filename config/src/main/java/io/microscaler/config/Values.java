package io.microscaler.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing of one raw {@link Setting} into a typed value, each with the sentence that says what was
 * expected. Every method fails with a {@link ConfigException} naming the key, so the loader reads as
 * a list of "this key is this kind of value".
 */
final class Values {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(\\.\\d*)?");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s,]+:\\d{1,5}");

    /** A whole number in [min, max]; {@code hint} (may be empty) explains a special value. */
    static int integer(String key, Setting s, int min, int max, String hint) {
        String expected = (max == Integer.MAX_VALUE ? "a whole number >= " + min
                : "a whole number from " + min + " to " + max) + hint;
        try {
            long n = Long.parseLong(s.value().strip());
            if (n < min || n > max) {
                throw fail(key, s, expected);
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw fail(key, s, expected);
        }
    }

    /** A finite decimal above {@code min} (or equal to it, if {@code minInclusive}) and below {@code max}. */
    static double decimal(String key, Setting s, double min, boolean minInclusive, double max, String expected) {
        try {
            double d = Double.parseDouble(s.value().strip());
            boolean aboveMin = minInclusive ? d >= min : d > min;
            if (!Double.isFinite(d) || !aboveMin || !(d < max)) {
                throw fail(key, s, expected);
            }
            return d;
        } catch (NumberFormatException e) {
            throw fail(key, s, expected);
        }
    }

    static boolean bool(String key, Setting s) {
        // Only these two: "yes", "1" or "on" are accepted by some tools and not others.
        switch (s.value().strip()) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw fail(key, s, "true or false");
        }
    }

    /**
     * A duration written with a unit: {@code 500ms}, {@code 15s}, {@code 5m}, {@code 1h}. A bare
     * number is refused rather than guessed: "60" could mean seconds or milliseconds.
     *
     * @param min          the shortest accepted
     * @param wholeSeconds also require a whole number of seconds (window spans count 1-second buckets)
     */
    static Duration duration(String key, Setting s, Duration min, boolean wholeSeconds) {
        String expected = "a duration with a unit (ms, s, m or h) like 500ms, 15s, 5m or 1h"
                + (wholeSeconds ? ", a whole number of seconds" : "")
                + (min.isZero() ? "" : ", at least " + format(min));
        String text = s.value().strip();
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            if (BARE_NUMBER.matcher(text).matches()) {
                throw fail(key, s, expected + " (add a unit, e.g. " + text + "s)");
            }
            throw fail(key, s, expected);
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.compareTo(min) < 0 || (wholeSeconds && d.toMillis() % 1000 != 0)) {
            throw fail(key, s, expected);
        }
        return d;
    }

    /** One of an enum's constants, written in lower case with dashes ({@code DEAD_LETTER} → {@code dead-letter}). */
    static <E extends Enum<E>> E choice(String key, Setting s, Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String name = configName(constant);
            if (name.equals(s.value().strip())) {
                return constant;
            }
            names.add(name);
        }
        throw fail(key, s, "one of: " + String.join(", ", names));
    }

    static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String nonBlank(String key, Setting s, String expected) {
        if (s.value().isBlank()) {
            throw fail(key, s, expected);
        }
        return s.value().strip();
    }

    static String topic(String key, Setting s) {
        String name = s.value().strip();
        if (!TOPIC.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw fail(key, s, "a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    /** Empty (an embedded broker) or {@code host:port} pairs separated by commas. */
    static String bootstrapServers(String key, Setting s) {
        String text = s.value().strip();
        if (text.isEmpty()) {
            return text;
        }
        List<String> servers = new ArrayList<>();
        for (String server : text.split(",", -1)) {
            if (!HOST_PORT.matcher(server.strip()).matches()) {
                throw fail(key, s, "host:port pairs separated by commas (e.g. broker1:9092,broker2:9092),"
                        + " or empty to start an embedded broker");
            }
            servers.add(server.strip());
        }
        distinct(key, s, servers, "broker");
        return text;
    }

    /**
     * Refuses a list that names an entry twice. A repeat is never meant: {@code services=a,a} is a
     * slip (a typo for another id, a copy-paste) that silent de-duplication would hide, so it stops
     * start-up like any other bad value, naming the entry.
     *
     * @param entries the list's entries as they will be used (stripped, or parsed into values whose
     *                {@code equals} says when two mean the same)
     * @param what    what one entry is, for the message, e.g. "service id"
     */
    static void distinct(String key, Setting s, List<?> entries, String what) {
        Set<Object> seen = new HashSet<>();
        for (Object entry : entries) {
            if (!seen.add(entry)) {
                throw fail(key, s, "each " + what + " once, but '" + entry + "' is listed more than once");
            }
        }
    }

    /** The shortest way to write a duration in the form this loader accepts. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        } else if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        } else if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    static ConfigException fail(String key, Setting s, String expected) {
        return new ConfigException(key, s.value(), expected, s.origin());
    }

    private Values() {
    }
}
