package io.microscaler.policy;

import io.microscaler.policy.PolicyMemory.Scaling;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Cooldowns, as AWS Application Auto Scaling uses them: after a scale-out, no further scale-out
 * until the scale-up cooldown has passed (the new tasks have not shown their effect yet); after any
 * scaling, no scale-in until the scale-down cooldown has passed (a scale-in straight after a
 * scale-out is the flapping a cooldown exists to stop). A period is over when exactly that long
 * has passed.
 */
public final class Cooldowns {

    private Cooldowns() {
    }

    /** When the scale-up cooldown ends, or null if no scale-up within it. */
    public static Instant upUntil(List<Scaling> scalings, Duration cooldown, Instant now) {
        return until(scalings, cooldown, now, true);
    }

    /** When the scale-down cooldown ends, or null if no scaling within it. */
    public static Instant downUntil(List<Scaling> scalings, Duration cooldown, Instant now) {
        return until(scalings, cooldown, now, false);
    }

    private static Instant until(List<Scaling> scalings, Duration cooldown, Instant now, boolean upOnly) {
        if (cooldown.isZero()) {
            return null;
        }
        Instant latest = null;
        for (Scaling s : scalings) {
            if ((!upOnly || s.change() > 0) && (latest == null || s.at().isAfter(latest))) {
                latest = s.at();
            }
        }
        if (latest == null) {
            return null;
        }
        Instant end = latest.plus(cooldown);
        return now.isBefore(end) ? end : null;
    }
}
