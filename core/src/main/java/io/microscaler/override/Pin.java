package io.microscaler.override;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator pinned a service at a count until an instant: the owner sets that count (within the
 * service's bounds) whatever the policy says, until then or until the pin is released.
 *
 * @param count  the count asked for (clamped to the service's bounds when applied)
 * @param by     who (the admin token's name)
 * @param reason why, as the operator wrote it
 * @param at     when the pin was asked for
 * @param until  when it stops holding
 */
public record Pin(int count, String by, String reason, Instant at, Instant until) {

    public Pin {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(until, "until");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, but was " + count);
        }
    }

    /** Whether the pin still holds at {@code now}: up to, not including, {@code until}. */
    public boolean holdsAt(Instant now) {
        return now.isBefore(until);
    }
}
