package io.microscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.forecast.ForecastAccuracy;
import io.microscaler.forecast.LoadForecaster;
import io.microscaler.window.WindowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PredictiveScalingTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:59:00Z");
    private static final ForecastAccuracy.Verdict TRUSTED = new ForecastAccuracy.Verdict(true, 0.12, 60,
            "forecast trusted: mean error 12 % over the last 60 slots <= 30 %");
    private static final ForecastAccuracy.Verdict OFF = new ForecastAccuracy.Verdict(false, 0.64, 60,
            "forecast switched off: mean error 64 % over the last 60 slots > 30 %");

    private static WindowSnapshot with(WindowSnapshot w, double forecastRate, ForecastAccuracy.Verdict verdict) {
        return new WindowSnapshot(w.service(), w.at(), w.state(), w.stable(), w.panic(), w.lastEventAt(), w.demand(),
                w.pipeline(), w.newestRate(), Optional.of(new LoadForecaster.Forecast(w.at().plusSeconds(60), forecastRate,
                verdict)));
    }

    private static ServicePolicy rps() {
        return new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20)
                .withPredictive(new PredictiveSettings(Duration.ofSeconds(60))));
    }

    @ParameterizedTest(name = "{0}/s now, {1}/s forecast, {2} tasks → {3} by {4}")
    @CsvSource({
            // rate now  forecast  tasks  to  policy       (target 100/s per task)
            "  180,       480,      2,    5,  predictive",   // the ramp is coming: 480 / 100 → 5 before it comes
            "  480,       180,      5,    5,  target-tracking", // a forecast drop changes nothing: it only raises
            "  300,       310,      3,    4,  predictive",   // 3.1 → 4
    })
    void asksForWhatTheForecastNeedsAndNeverLess(double now, double forecast, int tasks, int to, String policy) {
        Decision d = rps().decide(with(Snapshots.ok(now, 0, T0), forecast, TRUSTED), Snapshots.tasks(tasks), T0)
                .decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.policy()).isEqualTo(policy);
        assertThat(d.inputs()).containsEntry("forecastRate", forecast).containsEntry("forecastTrusted", 1.0);
    }

    @Test
    void theMessageSaysWhatWasForecastForWhenAndHowGoodTheForecastsHaveBeen() {
        Decision d = rps().decide(with(Snapshots.ok(180, 0, T0), 480, TRUSTED), Snapshots.tasks(2), T0).decision();

        assertThat(d.message()).isEqualTo("predictive: 480.0/s forecast for 2026-12-06T09:00:00Z / target 100 per task"
                + " → 5 tasks (forecast trusted: mean error 12 % over the last 60 slots <= 30 %) (from 2)");
    }

    @Test
    void aForecastThatHasBeenWrongMakesNoRecommendationButShowsItsError() {
        Decision d = rps().decide(with(Snapshots.ok(180, 0, T0), 480, OFF), Snapshots.tasks(2), T0).decision();

        assertThat(d.to()).isEqualTo(2);
        assertThat(d.recommendations()).noneMatch(r -> r.policy().equals("predictive"));
        assertThat(d.inputs()).containsEntry("forecastTrusted", 0.0).containsEntry("forecastError", 0.64);
    }

    @Test
    void withoutAForecastNothingChanges() {
        Decision d = rps().decide(Snapshots.ok(180, 0, T0), Snapshots.tasks(2), T0).decision();

        assertThat(d.inputs()).doesNotContainKey("forecastRate");
        assertThat(d.recommendations()).noneMatch(r -> r.policy().equals("predictive"));
    }
}
