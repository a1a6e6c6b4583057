package io.microscaler.actuate.aws;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Application Auto Scaling does to one ECS service's desired count, as read at start: its
 * scalable target (if any), the target's scaling policies, and the suspended state microscaler
 * recorded in the target's {@link #TAG} when it took the service over. Pure.
 *
 * <p><b>Why a tag on the scalable target keeps the state to hand back.</b> It lives with the thing it
 * describes, in the account, as long as the target does: a crash of microscaler, a lost broker or a
 * wiped disk do not lose it, any machine with the IAM permissions (the {@code handback} command on a
 * laptop) can read it, and an operator sees it in the console. The audit topic expires with its
 * retention (7 days by default) and a compacted topic of our own would need the broker to hand back.
 * The order makes it crash-safe: take-over tags first, then suspends; hand-back restores first, then
 * untags. A tag present therefore always holds the state from before microscaler, and is never
 * overwritten by a later take-over (which would record "suspended" as the state to go back to).
 *
 * @param target   empty: the service has no scalable target (nothing else scales it)
 * @param policies the target's scaling policies, as {@code name (type)}
 * @param recorded the state before microscaler took over, if the target carries the tag
 */
public record DynamicScaling(Optional<Target> target, List<String> policies, Optional<Suspension> recorded) {

    /** The tag on the scalable target that records the state to hand back. */
    public static final String TAG = "microscaler:handback";

    /** The ECS service's scalable target. */
    public record Target(String arn, String resourceId, Suspension suspended) {
    }

    /** Which of Application Auto Scaling's scaling is suspended. */
    public record Suspension(boolean dynamicIn, boolean dynamicOut, boolean scheduled) {

        private static final Pattern FORM = Pattern.compile(
                "dynamicScalingInSuspended=(true|false) dynamicScalingOutSuspended=(true|false)"
                        + " scheduledScalingSuspended=(true|false)");

        /** As a tag value (letters, digits, spaces and {@code = : -} are all tag values may hold). */
        public String tagValue() {
            return "dynamicScalingInSuspended=" + dynamicIn + " dynamicScalingOutSuspended=" + dynamicOut
                    + " scheduledScalingSuspended=" + scheduled;
        }

        /** Reads a tag value; empty if it is not one this class wrote. */
        public static Optional<Suspension> parse(String tagValue) {
            Matcher m = FORM.matcher(tagValue == null ? "" : tagValue.strip());
            return m.matches() ? Optional.of(new Suspension(Boolean.parseBoolean(m.group(1)),
                    Boolean.parseBoolean(m.group(2)), Boolean.parseBoolean(m.group(3)))) : Optional.empty();
        }

        /** The same with dynamic scaling suspended both ways; scheduled scaling as it was. */
        public Suspension dynamicSuspended() {
            return new Suspension(true, true, scheduled);
        }
    }

    public static final DynamicScaling NONE = new DynamicScaling(Optional.empty(), List.of(), Optional.empty());

    /** Whether Application Auto Scaling may change the desired count now: policies, and a direction not suspended. */
    public boolean active() {
        return target.isPresent() && !policies.isEmpty()
                && !(target.get().suspended().dynamicIn() && target.get().suspended().dynamicOut());
    }

    /** For messages: {@code policies [cpu75 (TargetTrackingScaling)] on service/c/iiif, scale-in and scale-out active}. */
    public String describe() {
        if (target.isEmpty()) {
            return "no scalable target";
        }
        Suspension s = target.get().suspended();
        return "scaling policies " + policies + " on scalable target " + target.get().resourceId() + ", dynamic scale-in "
                + (s.dynamicIn() ? "suspended" : "active") + ", scale-out " + (s.dynamicOut() ? "suspended" : "active");
    }
}
