package io.microscaler.policy;

import io.microscaler.decision.Inputs;
import io.microscaler.decision.Reason;
import io.microscaler.decision.Recommendation;
import io.microscaler.forecast.LoadForecaster;
import io.microscaler.window.WindowSnapshot;
import java.util.Optional;

/**
 * Target tracking on the forecast: the tasks the busy rate forecast one start-up delay ahead (the
 * 90th-percentile second of that minute on past days, {@link LoadForecaster}) needs at the service's
 * target, so that they are serving when that load comes (AWS predictive scaling's
 * idea, minutes ahead instead of an hour). It only ever raises: its recommendation joins the
 * others and the largest wins, so the reactive policies can always ask for more, and a forecast
 * lower than the load now changes nothing. A forecast that has been wrong lately
 * ({@link io.microscaler.forecast.ForecastAccuracy}) makes no recommendation; its figures go into
 * the decision's inputs ({@code forecastRate}, {@code forecastError}, {@code forecastTrusted}).
 *
 * <p>The load per request is the stable span's: 1 for requests/s, the time at work for
 * concurrency (offered rate × time at work, as {@link ConcurrencyDemand} reads it). Example:
 * 300 requests/s forecast for 09:01, 40 ms at work, target 2.5 per task: 12 ÷ 2.5 → 5 tasks.
 */
public final class PredictiveScaling {

    public static final String NAME = "predictive";

    private PredictiveScaling() {
    }

    static Optional<Recommendation> recommend(ServicePolicySettings s, WindowSnapshot window, Inputs inputs) {
        Optional<LoadForecaster.Forecast> forecast = window.forecast();
        if (forecast.isEmpty()) {
            return Optional.empty();
        }
        LoadForecaster.Forecast f = forecast.get();
        inputs.put("forecastRate", f.rate());
        inputs.put("forecastTrusted", f.verdict().trusted() ? 1.0 : 0.0);
        if (Double.isFinite(f.verdict().meanError())) {
            inputs.put("forecastError", f.verdict().meanError());
        }
        if (!f.verdict().trusted()) {
            return Optional.empty();
        }
        double perRequest = s.metric() == TargetMetric.RPS ? 1
                : MetricReading.of(s.metric(), window.stable(), "stable", s.backlogDrain()).perRequest();
        if (!(perRequest > 0) || Double.isInfinite(perRequest)) {
            return Optional.empty(); // nothing measured yet to turn a rate into work
        }
        double total = f.rate() * perRequest;
        int desired = DesiredTasks.forTotal(total, s.targetPerTask());
        return Optional.of(Recommendation.explained(NAME, desired, Reason.TARGET_TRACKING, () -> "predictive: "
                + Figures.oneDecimal(f.rate()) + "/s forecast for " + f.at() + (s.metric() == TargetMetric.RPS ? ""
                : " × " + Figures.num(Math.round(perRequest * 1000)) + " ms at work = " + Figures.oneDecimal(total))
                + " / target " + Figures.num(s.targetPerTask()) + " per task → " + Figures.tasks(desired) + " ("
                + f.verdict().why() + ")"));
    }
}
