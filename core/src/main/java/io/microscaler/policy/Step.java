package io.microscaler.policy;

/**
 * One step of step scaling, as an AWS step adjustment: when the breach (metric − threshold) lies in
 * [lower, upper), change the count by {@code adjustment} tasks or percent. An open bound is
 * ±infinity.
 */
public record Step(double lower, double upper, ChangeType type, double adjustment) {

    public Step {
        if (Double.isNaN(lower) || Double.isNaN(upper) || !(lower < upper)) {
            throw new IllegalArgumentException("lower must be < upper, but were " + lower + " and " + upper);
        }
        if (type == null) {
            throw new IllegalArgumentException("type must be set");
        }
        if (!Double.isFinite(adjustment) || adjustment == 0) {
            throw new IllegalArgumentException("adjustment must be a non-zero number, but was " + adjustment);
        }
    }

    boolean contains(double breach) {
        return breach >= lower && breach < upper;
    }

    /**
     * The change on {@code current} tasks. A percentage is rounded as AWS does: toward zero, but at
     * least one task: +50 % of 5 is +2 (2.5 rounded down), +10 % of 5 is +1 (0.5, at least one),
     * −30 % of 5 is −1.
     */
    int change(int current) {
        if (type == ChangeType.COUNT) {
            return (int) adjustment;
        }
        double raw = current * adjustment / 100;
        int magnitude = (int) Math.max(1, Math.floor(Math.abs(raw) + DesiredTasks.EPSILON));
        return adjustment > 0 ? magnitude : -magnitude;
    }

    @Override
    public String toString() {
        String from = Double.isInfinite(lower) ? "" : Figures.num(lower);
        String to = Double.isInfinite(upper) ? "" : Figures.num(upper);
        return "[" + from + ".." + to + "): " + (adjustment > 0 ? "+" : "") + Figures.num(adjustment)
                + (type == ChangeType.PERCENT ? "%" : "");
    }
}
