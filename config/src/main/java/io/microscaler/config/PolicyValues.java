package io.microscaler.config;

import io.microscaler.policy.ChangeType;
import io.microscaler.policy.RateLimit;
import io.microscaler.policy.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two list values of a service's policy, each written as one line of text so that the same
 * value works in YAML, in an environment variable and on the command line:
 * <ul>
 *   <li>rate limits: {@code 4 tasks per 15s, 100% per 15s};</li>
 *   <li>steps: {@code 0..100 +1, 100.. +3, ..-50 -1} (breach from..to, then the change; an open
 *   end is unbounded; {@code +50%} changes by a percentage of the current count).</li>
 * </ul>
 * {@code none} means an empty list. Like {@link Values}, each failure names the key.
 */
final class PolicyValues {

    private static final Pattern LIMIT = Pattern.compile("(\\d{1,9})\\s*(%|tasks?)\\s+per\\s+(\\S+)");
    private static final Pattern STEP = Pattern.compile(
            "(-?\\d+(?:\\.\\d+)?)?\\.\\.(-?\\d+(?:\\.\\d+)?)?\\s+([+-]\\d+(?:\\.\\d+)?)(%?)");
    static final String LIMITS_EXPECTED = "none, or rate limits separated by commas, each '<n> tasks per <duration>'"
            + " or '<n>% per <duration>', e.g. 4 tasks per 15s, 100% per 15s";
    static final String STEPS_EXPECTED = "none, or steps separated by commas, each '<from>..<to> <change>' on the"
            + " breach (metric − stepThreshold), either end open, the change +n or -n tasks or +n% or -n%,"
            + " e.g. 0..100 +1, 100.. +3, ..-50 -1";

    private PolicyValues() {
    }

    static boolean isNone(Setting s) {
        return s.value().strip().equals(Defaults.NONE);
    }

    static List<RateLimit> rateLimits(String key, Setting s) {
        if (isNone(s)) {
            return List.of();
        }
        List<RateLimit> limits = new ArrayList<>();
        for (String item : s.value().split(",", -1)) {
            Matcher m = LIMIT.matcher(item.strip());
            if (!m.matches()) {
                throw Values.fail(key, s, LIMITS_EXPECTED);
            }
            int value = Integer.parseInt(m.group(1));
            Duration period = Values.duration(key, new Setting(m.group(3), s.origin()), Duration.ofSeconds(1), false);
            if (value < 1) {
                throw Values.fail(key, s, LIMITS_EXPECTED + " (each at least 1)");
            }
            RateLimit limit = new RateLimit(m.group(2).equals("%") ? ChangeType.PERCENT : ChangeType.COUNT, value, period);
            // Compared as parsed, so "4 tasks per 15s" and "4 task per 15000ms" are the same limit.
            if (limits.contains(limit)) {
                throw Values.fail(key, s, "each rate limit once, but '" + item.strip() + "' repeats an earlier one");
            }
            limits.add(limit);
        }
        return limits;
    }

    static List<Step> steps(String key, Setting s) {
        if (isNone(s)) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        for (String item : s.value().split(",", -1)) {
            Matcher m = STEP.matcher(item.strip());
            if (!m.matches()) {
                throw Values.fail(key, s, STEPS_EXPECTED);
            }
            double lower = m.group(1) == null ? Double.NEGATIVE_INFINITY : Double.parseDouble(m.group(1));
            double upper = m.group(2) == null ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
            double change = Double.parseDouble(m.group(3));
            boolean percent = !m.group(4).isEmpty();
            if (!(lower < upper) || change == 0 || (!percent && change != Math.rint(change))) {
                throw Values.fail(key, s, STEPS_EXPECTED + " (from below to, a non-zero change, whole tasks)");
            }
            steps.add(new Step(lower, upper, percent ? ChangeType.PERCENT : ChangeType.COUNT, change));
        }
        return steps;
    }
}
