package io.microscaler.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The human line of a {@link Grant}, with the figures and who is to blame, e.g.
 * {@code displaced: 3 tasks give way to iiif (priority 100); held back: 3 of 4 wanted tasks fit nowhere (the
 * cluster is full with higher priorities: iiif (priority 100); Fargate not allowed); wanted 4: 1 on EC2, 3 held back}.
 */
final class GrantMessages {

    static String of(ServiceWish w, int onEc2, int onFargate, int heldBack, Map<String, Integer> displacedBy,
                     List<String> heldBackBy, Map<String, ServiceWish> wishes) {
        List<String> parts = new ArrayList<>();
        if (!displacedBy.isEmpty()) {
            List<String> givers = new ArrayList<>();
            displacedBy.forEach((by, n) -> givers.add(tasks(n) + (n == 1 ? " gives" : " give") + " way to " + by + " (priority " + wishes.get(by).priority() + ")"));
            parts.add("displaced: " + String.join(", ", givers));
        }
        if (heldBack > 0) {
            String blame = heldBackBy.isEmpty() ? "the cluster is full"
                    : "the cluster is full with higher priorities: " + String.join(", ", heldBackBy.stream()
                    .map(h -> h + " (priority " + wishes.get(h).priority() + ")").toList());
            parts.add("held back: " + heldBack + " of " + w.wanted() + " wanted " + (w.wanted() == 1 ? "task" : "tasks")
                    + " fit nowhere (" + blame + (w.fargateAllowed() ? "" : "; Fargate not allowed") + ")");
        }
        if (onFargate > 0) {
            parts.add("overflow: " + onFargate + " on Fargate, EC2 has no room");
        }
        parts.add("wanted " + w.wanted() + ": " + onEc2 + " on EC2" + (onFargate > 0 ? ", " + onFargate + " on Fargate" : "")
                + (heldBack > 0 ? ", " + heldBack + " held back" : ""));
        return String.join("; ", parts);
    }

    private static String tasks(int n) {
        return n + (n == 1 ? " task" : " tasks");
    }

    private GrantMessages() {
    }
}
