package io.microscaler.demo;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What the traffic generator's users saw, for the demo's progress lines.
 *
 * <p>Totals since the start; per-second figures are averages over the last
 * {@code windowSeconds} complete seconds (fewer at the start, 0 before the first second ends).
 *
 * @param offered     requests the scenario asked for (sent, or dropped at the outstanding cap)
 * @param succeeded   answered with 2xx
 * @param failed      answered otherwise, failed (connection, timeout) or dropped
 * @param dropped     of the failed, never sent because too many were outstanding
 * @param outstanding sent and not answered yet
 * @param p95Millis   95th percentile of the latency of 2xx answers in the window (±1 %), empty if none
 * @param p95LastSecondMillis the same over the newest complete second alone: what a window of
 *                    several seconds still remembers after the latency has recovered, it does not
 */
public record ClientSnapshot(long offered, long succeeded, long failed, long dropped, long outstanding,
                             int windowSeconds, double offeredPerSecond, double servedPerSecond,
                             double failedPerSecond, OptionalDouble p95Millis, OptionalDouble p95LastSecondMillis) {

    /** E.g. {@code offered 412/s served 398/s failed 2/s p95 180 ms}. */
    public String line() {
        return String.format(Locale.ROOT, "offered %.0f/s served %.0f/s failed %.0f/s p95 %s",
                offeredPerSecond, servedPerSecond, failedPerSecond,
                p95Millis.isPresent() ? Math.round(p95Millis.getAsDouble()) + " ms" : "-");
    }
}
