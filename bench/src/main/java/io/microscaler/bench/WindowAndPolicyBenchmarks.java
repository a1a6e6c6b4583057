package io.microscaler.bench;

import io.microscaler.config.MicroscalerConfig;
import io.microscaler.evaluate.OwnedService;
import io.microscaler.evaluate.OwnedServices;
import io.microscaler.policy.Capacity;
import io.microscaler.policy.Evaluation;
import io.microscaler.policy.ServicePolicy;
import io.microscaler.window.WindowSnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: the two parts of a tick per service that issue 20 is about, on the same synthetic load as
 * {@link TenThousandServices} (1,000 services, 70 simulated seconds fed, the defaults of
 * {@code serviceDefaults}): a window snapshot (both spans read), and the policy's evaluation of a
 * snapshot. Each invocation takes the next service in turn, so the figure is the mean over the mix.
 * Every snapshot reads the same spans at the same instant: since the windows keep each span's
 * latencies from one reading to the next (issue 20, fourth round), {@code snapshot} no longer pays
 * for the second that enters and the one that leaves, as a tick does, and is not comparable with
 * its figures before that; {@link TenThousandServices} measures the tick.
 * With {@code schedules=inactive} every service also has two schedules that are not active at the
 * benchmark's instant (Thursday 2026-01-01 00:01 UTC): evaluate pays the lookup alone (a kept
 * answer). With {@code schedules=active}, one of them (nights, max 3) is active: the decisions
 * themselves change (services above 3 tasks are capped, reason scheduled).
 *
 * <pre>
 * java -cp target/bench.jar org.openjdk.jmh.Main WindowAndPolicyBenchmarks      # about 2 min
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class WindowAndPolicyBenchmarks {

    @Param("1000")
    public int services;

    @Param({"none", "inactive", "active"})
    public String schedules;

    private OwnedService[] owned;
    private ServicePolicy[] policies;
    private WindowSnapshot[] snapshots;
    private Instant now;
    private int next;

    @Setup
    public void feed() {
        String[] ids = new String[services];
        for (int i = 0; i < services; i++) {
            ids[i] = String.format("service-%05d", i);
        }
        MicroscalerConfig config = BenchConfigs.loadEmbedded(BenchConfigs.services(ids, ""), Map.of());
        OwnedServices all = new OwnedServices(config.windows(), partition -> true);
        SyntheticLoad load = new SyntheticLoad(services, 3);
        long second = 1_767_225_600L;
        owned = new OwnedService[services];
        policies = new ServicePolicy[services];
        for (int i = 0; i < services; i++) {
            owned[i] = all.getOrCreate(ids[i], "requests-0", Instant.ofEpochSecond(second));
            int tasks = (int) Math.max(1, Math.min(20, Math.ceil(load.baseRate(i) / 100)));
            owned[i].state(owned[i].state().withCapacity(new Capacity(tasks, tasks, 0)));
            policies[i] = new ServicePolicy(schedules.equals("none") ? config.services().get(ids[i]).policy()
                    : config.services().get(ids[i]).policy().withSchedules(schedules.equals("active")
                    ? ScheduleBenchmarks.twoSchedules() : ScheduleBenchmarks.twoInactiveSchedules()));
        }
        for (int t = 0; t < 70; t++, second++) {
            Instant feedNow = Instant.ofEpochSecond(second, 999_000_000);
            for (int i = 0; i < services; i++) {
                load.feedSecond(i, owned[i].window(), second, feedNow);
            }
        }
        now = Instant.ofEpochSecond(second, 20_000_000);
        snapshots = new WindowSnapshot[services];
        for (int i = 0; i < services; i++) {
            snapshots[i] = owned[i].window().snapshot(now);
        }
    }

    /** Both spans of one service's window read, as every tick does for every service. */
    @Benchmark
    public WindowSnapshot snapshot() {
        int i = next();
        return owned[i].window().snapshot(now);
    }

    /** One service's policy evaluated on its snapshot (the decision with its message and inputs). */
    @Benchmark
    public Evaluation evaluate() {
        int i = next();
        return policies[i].decide(snapshots[i], owned[i].state(), now);
    }

    private int next() {
        int i = next;
        next = i + 1 == services ? 0 : i + 1;
        return i;
    }
}
