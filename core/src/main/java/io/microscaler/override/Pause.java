package io.microscaler.override;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator paused a service: no count is set for it until it is resumed.
 *
 * @param by     who (the admin token's name)
 * @param reason why, as the operator wrote it
 * @param at     when the pause was asked for
 */
public record Pause(String by, String reason, Instant at) {

    public Pause {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
