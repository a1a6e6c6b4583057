package io.microscaler.policy;

import io.microscaler.window.SpanStats;
import io.microscaler.window.WorkStats;
import java.time.Duration;

/**
 * How many requests a service needs at work at once ("concurrency"), telling work from waiting.
 *
 * <p>Little's law on latency (latency sum ÷ span) counts a queued request as work: the longer the
 * queue, the more it asks, so an overload asks for far more than drains it (2 tasks of 4 workers,
 * 50 ms a request, 1 s of queueing at 160 completions/s: 160 "busy", where 8 are). Where the window
 * can tell the time at work apart:
 * <pre>
 *   needed  = offered rate × time at work  +  backlog × time at work ÷ backlogDrain
 *   offered = completions/s + backlog growth/s
 * </pre>
 * 400 requests/s offered to 3 such tasks: 240 complete, the backlog grows by 160/s and holds
 * 1,200: (240 + 160) × 0.05 + 1,200 × 0.05 ÷ 30 = 20 + 2 = 22 at work, 8 tasks at a target of 2.8
 * (what keeps up with 400/s), where Little's law on their 1 s latency asks for 240 ÷ 2.8 = 86.
 * The backlog term asks for what works the queue off within {@code backlogDrain}, and no more:
 * half the stable span by default, so a burst's extra tasks are asked for while the stable window
 * still remembers the burst, and given back with it.
 *
 * <p>One reading asks for at most twice what keeps up with what completes: the backlog's growth
 * counts up to the completion rate, and the backlog term up to the offered work. A backlog or its
 * growth comes from a single figure a server reports; neither one wild report nor a queue that is
 * stuck (not draining, whatever the count) can then send a service to its maximum in one step,
 * and a real overload still doubles its tasks at every reading, as the HPA's default scale-up does.
 *
 * <p>The time at work comes from the servers where they report it ({@code serviceMs},
 * {@code busyMsSum}), the backlog from their {@code queued} or, without it, from latency less the
 * time at work (Little's law on the wait). Where servers report only latency, the span's baseline
 * latency (its least queued seconds) bounds the time at work from above, and the ask is the offered
 * rate's alone, no backlog term: never more than the offered rate needs at that time at work, and
 * never more than Little's law. A span with no second of requests has nothing better than Little's law.
 */
final class ConcurrencyDemand {

    /** Where the time at work came from. */
    enum Basis {
        /** The servers reported it. */
        SERVICE_TIME,
        /** Only latency: bounded by the span's baseline latency. */
        BASELINE_LATENCY,
        /** Nothing to tell work from waiting: Little's law on latency. */
        LITTLE
    }

    /**
     * @param perRequest seconds at work each offered request adds to the total (its time at work, the
     *                   baseline latency, or under Little's law the mean latency)
     * @param figures    how the total came about, for the decision's message
     */
    record Estimate(double total, Basis basis, double perRequest, String figures) {
    }

    private ConcurrencyDemand() {
    }

    static Estimate of(SpanStats span, Duration backlogDrain) {
        WorkStats work = span.work();
        double little = span.concurrency();
        double rate = span.rate();
        if (work.serviceReported()) {
            double atWork = work.serviceMs() / 1000.0;
            double growth = Math.min(positive(work.backlogGrowthPerSecond()), rate);
            double backlog = Double.isFinite(work.backlog()) ? work.backlog() : Math.max(0, little - rate * atWork);
            double drain = backlogDrain.toMillis() / 1000.0;
            double offeredWork = (rate + growth) * atWork;
            double total = offeredWork + Math.min(backlog * atWork / drain, offeredWork);
            return new Estimate(total, Basis.SERVICE_TIME, atWork, "offered " + Figures.oneDecimal(rate + growth) + "/s × "
                    + Figures.num(Math.round(work.serviceMs())) + " ms at work + backlog " + Math.round(backlog) + " × "
                    + Figures.num(Math.round(work.serviceMs())) + " ms ÷ " + backlogDrain.toSeconds() + " s");
        }
        if (Double.isFinite(work.baselineLatencyMs()) && rate > 0) {
            double growth = Math.min(positive(work.backlogGrowthPerSecond()), rate);
            double bound = (rate + growth) * work.baselineLatencyMs() / 1000.0;
            if (bound < little) {
                return new Estimate(bound, Basis.BASELINE_LATENCY, work.baselineLatencyMs() / 1000.0, "offered " + Figures.oneDecimal(rate + growth)
                        + "/s × " + Figures.num(Math.round(work.baselineLatencyMs())) + " ms baseline latency, less than"
                        + " Little's law " + Figures.oneDecimal(little) + " (latency includes queueing)");
            }
        }
        return new Estimate(little, Basis.LITTLE, rate > 0 ? little / rate : 0, "");
    }

    private static double positive(double v) {
        return Double.isFinite(v) && v > 0 ? v : 0;
    }
}
