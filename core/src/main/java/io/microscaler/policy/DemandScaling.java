package io.microscaler.policy;

import io.microscaler.decision.Inputs;
import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import io.microscaler.window.DemandKind;
import io.microscaler.window.DemandSignal;
import io.microscaler.window.WindowSnapshot;
import java.util.Optional;

/**
 * Demand from demand events. Queue depth: tasks = ceil(depth ÷ (throughput per task × drain
 * time)): 1,200 messages, 5 per task per second, to be drained in 60 s → ceil(4.0) = 4. Desired
 * tasks: the count the feed asks for, as given (the Force12 way), rounded up. With no fresh signal
 * of its kind (the window drops stale ones) it makes no recommendation.
 */
final class DemandScaling {

    static final String NAME = "demand";

    private DemandScaling() {
    }

    static Optional<Recommendation> recommend(DemandSettings d, WindowSnapshot w, Inputs inputs) {
        DemandSignal signal = w.demand().get(d.kind());
        if (signal == null) {
            return Optional.empty();
        }
        double value = signal.value();
        if (d.kind() == DemandKind.DESIRED_TASKS) {
            inputs.put("desiredTasks", value);
            int count = DesiredTasks.forTotal(value, 1);
            return Optional.of(new Recommendation(NAME, count, Reason.DEMAND,
                    "demand: desired tasks " + Figures.num(value) + " as given → " + Figures.tasks(count)));
        }
        inputs.put("queueDepth", value);
        double perTask = d.throughputPerTask() * d.drainTime().toMillis() / 1000.0;
        int count = DesiredTasks.forTotal(value, perTask);
        return Optional.of(new Recommendation(NAME, count, Reason.DEMAND, "demand: queue depth " + Figures.num(value)
                + " ÷ (" + Figures.num(d.throughputPerTask()) + " per task per s × " + Figures.num(
                d.drainTime().toMillis() / 1000.0) + " s drain) = " + Figures.num(Math.round(value / perTask * 100) / 100.0)
                + " → " + Figures.tasks(count)));
    }
}
