package io.microscaler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.bus.ServiceStatus;
import io.microscaler.decision.Decision;
import io.microscaler.forecast.ForecastAccuracy;
import io.microscaler.forecast.LoadForecaster;
import io.microscaler.policy.Capacity;
import io.microscaler.policy.PanicSettings;
import io.microscaler.policy.ScalingRules;
import io.microscaler.policy.ServicePolicy;
import io.microscaler.policy.ServicePolicySettings;
import io.microscaler.policy.ServiceState;
import io.microscaler.policy.TargetMetric;
import io.microscaler.window.SpanStats;
import io.microscaler.window.WindowSnapshot;
import io.microscaler.window.WindowState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-service gauges read the owner's newest status at scrape time. */
class ServiceGaugesTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
    /** Concurrency target 10 per task, Knative panic at 2 × the ready tasks. */
    private static final ServicePolicy POLICY = new ServicePolicy(ServicePolicySettings
            .targetTracking(TargetMetric.CONCURRENCY, 10, 1, 50)
            .withPanic(new PanicSettings(true, 2, Duration.ofSeconds(60)))
            .withBehaviour(ScalingRules.NONE, ScalingRules.NONE));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, ServiceStatus> statuses = new HashMap<>();
    private final ServiceGauges gauges = new ServiceGauges(registry, s -> Optional.ofNullable(statuses.get(s)));

    /** 60 s stable span: 200 requests/s of which 10 % failed, concurrency {@code stable}; 6 s panic span at {@code panic}. */
    private static WindowSnapshot window(double stable, double panic) {
        SpanStats stableSpan = new SpanStats(Duration.ofSeconds(60), 12_000, 1_200, 200, stable, 40, 120, 300, 0.1, 0, 0);
        SpanStats panicSpan = new SpanStats(Duration.ofSeconds(6), 1_200, 0, 200, panic, 40, 120, 300, 0, 0, 0);
        return new WindowSnapshot("iiif", NOW, WindowState.OK, stableSpan, panicSpan, NOW.minusMillis(200), Map.of());
    }

    private static ServiceStatus status(WindowSnapshot window, Capacity capacity) {
        Decision evaluation = POLICY.decide(window, ServiceState.initial("iiif").withCapacity(capacity), NOW).decision();
        return new ServiceStatus("ingest-1", window, capacity, null, evaluation, 10, 12_000);
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void readsLoadLatencyAndTasksFromTheNewestStatus() {
        statuses.put("iiif", status(window(20, 20), new Capacity(3, 2, 1)));
        gauges.ensure("iiif");

        assertThat(gauge("microscaler_service_requests_per_second", "service", "iiif")).isEqualTo(200);
        // served: the requests that did not fail, 90 % of 200/s
        assertThat(gauge("microscaler_service_served_requests_per_second", "service", "iiif")).isCloseTo(180, within());
        assertThat(gauge("microscaler_service_latency_p50_seconds", "service", "iiif")).isEqualTo(0.04);
        assertThat(gauge("microscaler_service_latency_p95_seconds", "service", "iiif")).isEqualTo(0.12);
        assertThat(gauge("microscaler_service_latency_p99_seconds", "service", "iiif")).isEqualTo(0.3);
        assertThat(gauge("microscaler_service_desired_tasks", "service", "iiif")).isEqualTo(3);
        assertThat(gauge("microscaler_service_pending_tasks", "service", "iiif")).isEqualTo(1);
        assertThat(gauge("microscaler_service_window_state", "service", "iiif", "state", "ok")).isEqualTo(1);
        assertThat(gauge("microscaler_service_window_state", "service", "iiif", "state", "warming")).isZero();

        statuses.put("iiif", status(window(20, 20), new Capacity(5, 5, 0)));
        assertThat(gauge("microscaler_service_desired_tasks", "service", "iiif")).isEqualTo(5);
    }

    @Test
    void panicModeIsOneWhileThePolicyPanics() {
        gauges.ensure("iiif");
        // 6 s concurrency 45 ≥ 2 × target 10 × 2 ready tasks: panic
        statuses.put("iiif", status(window(20, 45), new Capacity(2, 2, 0)));
        assertThat(gauge("microscaler_service_panic_mode", "service", "iiif")).isEqualTo(1);
        // 6 s concurrency 20 < 40 and never panicked before: calm
        statuses.put("iiif", status(window(20, 20), new Capacity(2, 2, 0)));
        assertThat(gauge("microscaler_service_panic_mode", "service", "iiif")).isZero();
    }

    @Test
    void aServiceThisInstanceDoesNotOwnReadsNaN() {
        gauges.ensure("iiif");
        assertThat(gauge("microscaler_service_requests_per_second", "service", "iiif")).isNaN();
        assertThat(gauge("microscaler_service_panic_mode", "service", "iiif")).isNaN();
    }

    @Test
    void tasksAreNaNUntilTheFirstReadBack() {
        statuses.put("iiif", new ServiceStatus("ingest-1", window(20, 20), null, null, null, 0, 0));
        gauges.ensure("iiif");
        assertThat(gauge("microscaler_service_running_tasks", "service", "iiif")).isNaN();
        assertThat(gauge("microscaler_service_panic_mode", "service", "iiif")).isZero();
    }

    @Test
    void aServiceWithAForecastGetsItsForecastGaugesAndOneWithoutNone() {
        WindowSnapshot w = window(20, 20);
        var verdict = new ForecastAccuracy.Verdict(true, 0.12, 60, "forecast trusted");
        WindowSnapshot forecasting = new WindowSnapshot("iiif", NOW, WindowState.OK, w.stable(), w.panic(),
                w.lastEventAt(), Map.of(), w.pipeline(), w.newestRate(),
                Optional.of(new LoadForecaster.Forecast(NOW.plusSeconds(60), 312, verdict)));
        statuses.put("plain", status(window(20, 20), new Capacity(2, 2, 0)));
        gauges.ensure(statuses.get("plain"));
        statuses.put("iiif", status(forecasting, new Capacity(2, 2, 0)));
        gauges.ensure(statuses.get("iiif"));

        assertThat(gauge("microscaler_service_forecast_requests_per_second", "service", "iiif")).isEqualTo(312);
        assertThat(gauge("microscaler_service_forecast_error_ratio", "service", "iiif")).isEqualTo(0.12);
        assertThat(gauge("microscaler_service_forecast_trusted", "service", "iiif")).isEqualTo(1);
        assertThat(registry.find("microscaler_service_forecast_trusted").tags("service", "plain").gauge()).isNull();

        // switched off: still the figures, trusted 0; a status without a forecast (another owner's restart) reads NaN
        statuses.put("iiif", status(new WindowSnapshot("iiif", NOW, WindowState.OK, w.stable(), w.panic(),
                w.lastEventAt(), Map.of(), w.pipeline(), w.newestRate(), Optional.of(new LoadForecaster.Forecast(NOW.plusSeconds(60), 90,
                new ForecastAccuracy.Verdict(false, 0.45, 60, "forecast switched off")))), new Capacity(2, 2, 0)));
        assertThat(gauge("microscaler_service_forecast_trusted", "service", "iiif")).isZero();
        assertThat(gauge("microscaler_service_forecast_error_ratio", "service", "iiif")).isEqualTo(0.45);
        statuses.put("iiif", status(window(20, 20), new Capacity(2, 2, 0)));
        assertThat(gauge("microscaler_service_forecast_requests_per_second", "service", "iiif")).isNaN();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
