package io.microscaler.testing;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import java.time.Instant;
import java.util.Map;

/** Decisions as the actuator's tests send them: a count change with its sequence number, nothing else. */
public final class Decisions {

    /** A target-tracking decision of policy {@code test} taking {@code service} from one count to another. */
    public static Decision decision(String service, long seq, int from, int to) {
        return new Decision(service, Instant.now(), seq, from, to, "test", Reason.TARGET_TRACKING,
                "from " + from + " to " + to, Map.of());
    }

    private Decisions() {
    }
}
