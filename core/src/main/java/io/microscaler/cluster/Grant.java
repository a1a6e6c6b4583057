package io.microscaler.cluster;

import io.microscaler.decision.Reason;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one service gets: {@code granted + fargate + heldBack == wanted}.
 *
 * @param granted     tasks on EC2 once the plan is carried out
 * @param fargate     tasks on Fargate once the plan is carried out (overflow)
 * @param heldBack    wanted tasks that run nowhere: no room, no displacement possible, no Fargate
 * @param displaced   tasks it gave way with to higher-priority services in this plan
 * @param displacedBy the services it gave way to, highest priority first
 * @param heldBackBy  with tasks held back: the higher-priority services holding the EC2 capacity,
 *                    highest first (empty when nothing of higher priority is to blame)
 * @param message     the figures, e.g. {@code displaced: 3 tasks give way to iiif (priority 100); …}
 */
public record Grant(String service, int priority, int wanted, int granted, int fargate, int heldBack, int displaced,
                    List<String> displacedBy, List<String> heldBackBy, String message) {

    public Grant {
        Objects.requireNonNull(service, "service");
        displacedBy = List.copyOf(displacedBy);
        heldBackBy = List.copyOf(heldBackBy);
        Objects.requireNonNull(message, "message");
        if (granted + fargate + heldBack != wanted) {
            throw new IllegalArgumentException("granted " + granted + " + fargate " + fargate + " + held back " + heldBack
                    + " must be wanted " + wanted + " for " + service);
        }
    }

    /**
     * The decision reason this grant gives, if it is not simply "all on EC2": displacement first
     * (it says by whom), then held back, then Fargate overflow.
     */
    public Optional<Reason> reason() {
        if (displaced > 0) {
            return Optional.of(Reason.DISPLACED);
        }
        if (heldBack > 0) {
            return Optional.of(Reason.CAPACITY_HELD_BACK);
        }
        return fargate > 0 ? Optional.of(Reason.FARGATE_OVERFLOW) : Optional.empty();
    }
}
