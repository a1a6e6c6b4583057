package io.microscaler.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * The headroom rule's thresholds, in "largest tasks".
 *
 * @param low      scale out when the headroom (plus what launching instances bring) falls below this
 * @param high     scale in only when the headroom exceeds this; must be above {@link #tasksPerInstance()}:
 *                 removing an instance takes about that much headroom away, so a lower high would
 *                 land below low and scale out again (flapping)
 * @param cooldown after a scaling, no scale-in for this long, and the desired capacity asked for is
 *                 trusted over a group read that may not show it yet
 */
public record HeadroomSettings(int low, int high, TaskSize largest, InstanceSize instance, Duration cooldown) {

    public HeadroomSettings {
        Objects.requireNonNull(largest, "largest");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(cooldown, "cooldown");
        int perInstance = Headroom.tasksPerInstance(instance, largest);
        if (perInstance < 1) {
            throw new IllegalArgumentException("instance must hold the largest task " + largest + ", but an instance of "
                    + instance + " holds none");
        }
        if (low < 0) {
            throw new IllegalArgumentException("low must be >= 0, but was " + low);
        }
        if (high <= low) {
            throw new IllegalArgumentException("high must be > low (" + low + "), but was " + high);
        }
        if (high <= perInstance) {
            throw new IllegalArgumentException("high must be > " + perInstance + " (one instance of " + instance
                    + " holds " + perInstance + " of the largest task, " + largest + "), but was " + high);
        }
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be >= 0, but was " + cooldown);
        }
    }

    public int tasksPerInstance() {
        return Headroom.tasksPerInstance(instance, largest);
    }

    /** The default high threshold: one more than an instance holds, the least that cannot flap. */
    public static int defaultHigh(InstanceSize instance, TaskSize largest) {
        return Headroom.tasksPerInstance(instance, largest) + 1;
    }
}
