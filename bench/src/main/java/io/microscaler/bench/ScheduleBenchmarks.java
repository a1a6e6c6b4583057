package io.microscaler.bench;

import io.microscaler.schedule.ActiveSchedule;
import io.microscaler.schedule.Cron;
import io.microscaler.schedule.Overlaps;
import io.microscaler.schedule.Schedule;
import io.microscaler.schedule.Schedules;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: what schedules cost (issue 21). Per tick, which schedule is active: from the kept answer (every
 * tick but those at a start or an end), and computed afresh (at a start or an end). At start, per
 * pair of a service's schedules, the overlap check over 400 days, window by window.
 *
 * <pre>
 * java -cp target/bench.jar org.openjdk.jmh.Main ScheduleBenchmarks      # about 1 min
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
public class ScheduleBenchmarks {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Instant MONDAY = Instant.parse("2026-12-07T09:30:00Z");
    private static final Instant FROM = Instant.parse("2026-12-06T00:00:00Z");

    /** Opening hours (Mon–Fri 08:00–18:00, min 6) and nights (22:00–06:00, max 3), London. */
    static List<Schedule> twoSchedules() {
        return List.of(
                new Schedule("opening-hours", Cron.parse("0 8 * * MON-FRI"), Cron.parse("0 18 * * MON-FRI"), LONDON,
                        OptionalInt.of(6), OptionalInt.empty()),
                new Schedule("nights", Cron.parse("0 22 * * *"), Cron.parse("0 6 * * *"), LONDON,
                        OptionalInt.empty(), OptionalInt.of(3)));
    }

    /** Opening hours and weekend days (Sat, Sun 10:00–16:00), London: neither active at Thursday 00:01. */
    static List<Schedule> twoInactiveSchedules() {
        return List.of(twoSchedules().get(0),
                new Schedule("weekend-days", Cron.parse("0 10 * * SAT,SUN"), Cron.parse("0 16 * * SAT,SUN"), LONDON,
                        OptionalInt.of(4), OptionalInt.empty()));
    }

    private final Schedules kept = new Schedules(twoSchedules());
    private final List<Schedule> list = twoSchedules();
    private final Schedule quarterPastEachHour = new Schedule("a", Cron.parse("0 * * * *"), Cron.parse("15 * * * *"),
            LONDON, OptionalInt.of(2), OptionalInt.empty());
    private final Schedule halfPastEachHour = new Schedule("b", Cron.parse("30 * * * *"), Cron.parse("45 * * * *"),
            LONDON, OptionalInt.of(2), OptionalInt.empty());
    private long tick;

    /** A tick inside a window: the kept answer (one comparison). */
    @Benchmark
    public Optional<ActiveSchedule> activeKept() {
        tick = (tick + 1) % 3600;
        return kept.activeAt(MONDAY.plusSeconds(tick));
    }

    /** A tick at a start or an end: the answer computed for both schedules (latest start/end, next change). */
    @Benchmark
    public Optional<ActiveSchedule> activeComputed() {
        return new Schedules(list).activeAt(MONDAY);
    }

    /** Opening hours against nights: never together, so all 400 days are walked (~290 + 400 windows). */
    @Benchmark
    public Optional<Instant> overlapDaily() {
        return Overlaps.firstOverlap(list.get(0), list.get(1), FROM);
    }

    /** Two 15-minute windows every hour, never together: 9,600 windows each over 400 days. */
    @Benchmark
    public Optional<Instant> overlapHourly() {
        return Overlaps.firstOverlap(quarterPastEachHour, halfPastEachHour, FROM);
    }
}
