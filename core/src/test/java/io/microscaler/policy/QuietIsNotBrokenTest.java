package io.microscaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.window.ServiceWindow;
import io.microscaler.window.WindowSettings;
import io.microscaler.window.WindowState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A real window and the real policy on a manual clock: a service fed by access logs through a
 * shipper, whose servers send nothing while idle. Settings are short (10 s stable span, 3 s
 * staleness, 5 s scale-down stabilisation) so each phase is a few simulated seconds.
 */
class QuietIsNotBrokenTest {

    private static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");
    private static final WindowSettings WINDOWS =
            new WindowSettings(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(1));
    private static final ServicePolicy POLICY = new ServicePolicy(
            ServicePolicySettings.targetTracking(TargetMetric.RPS, 10, 1, 10)
                    .withPanic(new PanicSettings(false, 2, Duration.ofSeconds(10)))
                    .withBehaviour(ScalingRules.NONE, ScalingRules.NONE.withStabilisation(Duration.ofSeconds(5))));

    private final ServiceWindow window = new ServiceWindow("iiif", WINDOWS);
    private ServiceState state = ServiceState.initial("iiif").withCapacity(new Capacity(4, 4, 0));
    private Decision last;

    @Test
    void anIdleServiceWhoseShipperIsLiveScalesInAndSaysSo() {
        secondsOf(0, 12, 40, "host-a"); // 40 req/s = 4 tasks at 10/s
        assertThat(last.to()).isEqualTo(4);

        secondsOf(12, 40, 0, "host-a"); // nobody asks; the shipper's heartbeats go on

        assertThat(state.capacity().desired()).isEqualTo(1);
        assertThat(last.message()).startsWith("idle: no requests for ").contains("pipeline live (1 shipper");
    }

    @Test
    void aStoppedShipperHoldsWhateverTheSilenceLooksLike() {
        secondsOf(0, 12, 40, "host-a");

        secondsOf(12, 40, 0, null); // requests and heartbeats stop: the pipeline is down

        assertThat(state.capacity().desired()).isEqualTo(4);
        assertThat(last.reason()).isEqualTo(Reason.INSUFFICIENT_DATA);
        assertThat(last.message()).startsWith("no data: no requests for ").contains("no shipper heartbeat for")
                .endsWith("holding at 4, a broken pipeline never scales in");
    }

    @Test
    void aStoppedShipperFreezesTheReadingSoItsSilenceNeverReadsAsAFallingLoad() {
        // A stable span (4 s) not much longer than the staleness limit (3 s): without the freeze, the 2 s
        // of silence before the window turns unknown would read as half the load, and scale in 4 → 2.
        ServiceWindow shortWindow = new ServiceWindow("iiif",
                new WindowSettings(Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(1)));
        ServicePolicy policy = new ServicePolicy(ServicePolicySettings.targetTracking(TargetMetric.RPS, 10, 1, 10)
                .withPanic(new PanicSettings(false, 2, Duration.ofSeconds(4)))
                .withBehaviour(ScalingRules.NONE, ScalingRules.NONE));
        for (int s = 0; s < 12; s++) {
            for (int i = 0; i < 40; i++) {
                long ts = T0.toEpochMilli() + s * 1000L + 25L * i;
                shortWindow.recordRequest(ts, 20, 200, 1000, Instant.ofEpochMilli(ts));
            }
            long hb = T0.toEpochMilli() + s * 1000L + 990;
            shortWindow.recordHeartbeat("host-a", hb, Instant.ofEpochMilli(hb));
        }

        for (int s = 12; s <= 20; s++) { // nothing more: the shipper stopped at 12 s
            Instant now = T0.plusSeconds(s);
            Evaluation e = policy.decide(shortWindow.snapshot(now), state, now);
            state = state.withMemory(e.next()).withCapacity(new Capacity(e.decision().to(), e.decision().to(), 0));
            assertThat(e.decision().to()).as("at %d s: %s", s, e.decision().message()).isEqualTo(4);
        }
    }

    @Test
    void aServiceThatNeverHadAShipperHoldsOnSilenceAsBefore() {
        secondsOf(0, 12, 40, null);

        secondsOf(12, 40, 0, null);

        assertThat(last.reason()).isEqualTo(Reason.INSUFFICIENT_DATA);
        assertThat(last.message()).endsWith("holding at 4, never scaling in on silence");
    }

    @Test
    void oneShipperGoneSilentWhileOthersAreLiveHoldsUntilItIsForgotten() {
        for (int s = 0; s < 12; s++) {
            requests(s, 40);
            heartbeat("host-a", s);
            heartbeat("host-b", s);
            decide(s + 1);
        }
        for (int s = 12; s < 20; s++) { // idle; host-b's shipper stops
            heartbeat("host-a", s);
            decide(s + 1);
        }
        assertThat(last.reason()).isEqualTo(Reason.SOURCE_SILENT);
        assertThat(last.message()).contains("shipper host-b gone silent while 1 other is live").contains("holding at 4");
        assertThat(state.capacity().desired()).isEqualTo(4);

        for (int s = 20; s < 40; s++) { // forgotten one stable span (10 s) after its last heartbeat
            heartbeat("host-a", s);
            decide(s + 1);
        }
        assertThat(state.capacity().desired()).isEqualTo(1);
    }

    @Test
    void heartbeatsAloneMakeAKnownWindowOfZeroLoadButNoRequests() {
        for (int s = 0; s < 5; s++) {
            heartbeat("host-a", s);
        }

        var snapshot = window.snapshot(T0.plusSeconds(5));

        assertThat(snapshot.state()).isEqualTo(WindowState.OK);
        assertThat(snapshot.pipeline().idle()).isTrue();
        assertThat(snapshot.stable().count()).isZero();
        // read up to the second of the last heartbeat (4.5 s): seconds 0–3, vouched for
        assertThat(snapshot.stable().span()).isEqualTo(Duration.ofSeconds(4));
        assertThat(window.snapshot(T0.plusSeconds(8)).state()).isEqualTo(WindowState.UNKNOWN); // 4 s after the last
    }

    /** Each second of [from, to): requests at the given rate, a heartbeat from {@code source} (none if null), a decision. */
    private void secondsOf(int from, int to, int perSecond, String source) {
        for (int s = from; s < to; s++) {
            requests(s, perSecond);
            if (source != null) {
                heartbeat(source, s);
            }
            decide(s + 1);
        }
    }

    private void requests(int second, int perSecond) {
        for (int i = 0; i < perSecond; i++) {
            long ts = T0.toEpochMilli() + second * 1000L + (1000L * i) / perSecond;
            window.recordRequest(ts, 20, 200, 1000, Instant.ofEpochMilli(ts));
        }
    }

    private void heartbeat(String source, int second) {
        long ts = T0.toEpochMilli() + second * 1000L + 500;
        window.recordHeartbeat(source, ts, Instant.ofEpochMilli(ts));
    }

    /** Decides at T0 + second and applies the decision at once, as a perfect actuator would. */
    private void decide(int second) {
        Instant now = T0.plusSeconds(second);
        Evaluation e = POLICY.decide(window.snapshot(now), state, now);
        last = e.decision();
        state = state.withMemory(e.next()).withCapacity(new Capacity(last.to(), last.to(), 0));
    }
}
