package io.microscaler.override;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's overrides as the admin topic has them: a pause, a pin, both or neither. A pin past its
 * expiry is kept (it says what was asked) but no longer holds ({@link #pinAt}).
 */
public record ServiceOverrides(String service, Optional<Pause> pause, Optional<Pin> pin) {

    public ServiceOverrides {
        Objects.requireNonNull(service, "service");
        pause = pause == null ? Optional.empty() : pause;
        pin = pin == null ? Optional.empty() : pin;
    }

    public static ServiceOverrides none(String service) {
        return new ServiceOverrides(service, Optional.empty(), Optional.empty());
    }

    public ServiceOverrides withPause(Optional<Pause> newPause) {
        return new ServiceOverrides(service, newPause, pin);
    }

    public ServiceOverrides withPin(Optional<Pin> newPin) {
        return new ServiceOverrides(service, pause, newPin);
    }

    /** The pin if it holds at {@code now}; empty when there is none or it has expired. */
    public Optional<Pin> pinAt(Instant now) {
        return pin.filter(p -> p.holdsAt(now));
    }

    /** Whether anything is left to say: a pause, or a pin (expired or not). */
    public boolean isEmpty() {
        return pause.isEmpty() && pin.isEmpty();
    }
}
