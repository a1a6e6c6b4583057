package io.microscaler.bus;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An operator's call of the admin API, or the end of a pin: sent as a command to the admin state
 * verticle ({@link Addresses#ADMIN_COMMANDS}, which writes it to the admin topic), and once written
 * published for the audit topic ({@link Addresses#ADMIN_ACTIONS}).
 *
 * @param by     who: the admin token's name, or {@code microscaler} for a pin that expired
 * @param reason why, as the operator wrote it
 * @param count  the count asked for ({@link Kind#PIN} only)
 * @param until  when the pin ends ({@link Kind#PIN} and {@link Kind#PIN_EXPIRED} only)
 */
public record AdminAction(Kind kind, String service, String by, String reason, Instant at, OptionalInt count,
                          Optional<Instant> until) {

    /** What was done. */
    public enum Kind {
        PAUSE, RESUME, PIN, RELEASE, PIN_EXPIRED;

        /** {@code PIN_EXPIRED} → {@code pin-expired}, as on the audit topic. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public AdminAction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        count = count == null ? OptionalInt.empty() : count;
        until = until == null ? Optional.empty() : until;
    }

    /** A pause, resume or release: no count, no expiry. */
    public static AdminAction of(Kind kind, String service, String by, String reason, Instant at) {
        return new AdminAction(kind, service, by, reason, at, OptionalInt.empty(), Optional.empty());
    }

    public static AdminAction pin(String service, int count, Instant until, String by, String reason, Instant at) {
        return new AdminAction(Kind.PIN, service, by, reason, at, OptionalInt.of(count), Optional.of(until));
    }
}
