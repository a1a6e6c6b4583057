package io.microscaler.policy;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.window.WindowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The first step of every policy: is there anything to decide on? A window being rebuilt, a window
 * with no recent events and an unknown task count each give a hold, never a scale-in. Silence is
 * not zero load: a service whose events stop may be down, partitioned from us or just not
 * reporting, and scaling it in would make things worse in every one of those cases.
 */
public final class HoldConditions {

    private HoldConditions() {
    }

    /**
     * A hold decision if the policy must not decide, empty if it may.
     *
     * @param policy the name the hold carries
     */
    public static Optional<Decision> check(WindowSnapshot window, ServiceState state, Instant now, String policy) {
        int current = state.capacity() == null ? 0 : state.capacity().desired();
        String service = state.service();
        return switch (window.state()) {
            case WARMING -> Optional.of(Decision.hold(service, now, current, policy, Reason.WARMING,
                    "window is being rebuilt after a takeover: holding at " + current));
            case UNKNOWN -> Optional.of(Decision.hold(service, now, current, policy, Reason.INSUFFICIENT_DATA,
                    window.pipeline().lastHeartbeatAt() == null
                            ? silence(window.lastEventAt(), now) + ": holding at " + current + ", never scaling in on silence"
                            : Quiet.noData(window, now) + ": holding at " + current
                                    + ", a broken pipeline never scales in"));
            case OK -> state.capacity() == null
                    ? Optional.of(Decision.hold(service, now, 0, policy, Reason.CAPACITY_UNKNOWN,
                            "task count not known yet: holding"))
                    : Optional.empty();
        };
    }

    /** "no events for 42 s"; the window is also unknown while its first second is still filling up. */
    static String silence(Instant lastEventAt, Instant now) {
        if (lastEventAt == null) {
            return "no events yet";
        }
        long seconds = Duration.between(lastEventAt, now).toSeconds();
        return seconds < 1 ? "no whole second of events yet" : "no events for " + seconds + " s";
    }
}
