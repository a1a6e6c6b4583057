package io.microscaler.bench;

import io.microscaler.schedule.Cron;
import io.microscaler.schedule.Overlaps;
import io.microscaler.schedule.Schedule;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.time.ZoneId;
import java.util.OptionalInt;

/**
 * CPU time (this thread's, so the figure holds on a busy machine) of the start-up overlap check
 * (issue 21) for one pair of schedules over 400 days: two daily ones (opening hours and nights,
 * London) and two hourly ones (:00–:15 and :30–:45). Runs against any bench.jar with the schedule
 * package, also as a single source file:
 *
 * <pre>
 * java -cp target/bench.jar io.microscaler.bench.ScheduleCheckCpu
 * java -cp other/bench.jar bench/src/main/java/io/microscaler/bench/ScheduleCheckCpu.java
 * </pre>
 */
public final class ScheduleCheckCpu {

    public static void main(String[] args) {
        ZoneId london = ZoneId.of("Europe/London");
        Instant from = Instant.parse("2026-12-06T00:00:00Z");
        Schedule[][] pairs = {
                {schedule("0 8 * * MON-FRI", "0 18 * * MON-FRI", london), schedule("0 22 * * *", "0 6 * * *", london)},
                {schedule("0 * * * *", "15 * * * *", london), schedule("30 * * * *", "45 * * * *", london)}};
        String[] names = {"daily", "hourly"};
        int[] repeats = {200, 10};
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        for (int p = 0; p < pairs.length; p++) {
            for (int round = 1; round <= 3; round++) {
                long cpu = bean.getCurrentThreadCpuTime();
                for (int i = 0; i < repeats[p]; i++) {
                    if (Overlaps.firstOverlap(pairs[p][0], pairs[p][1], from).isPresent()) {
                        throw new AssertionError("these never overlap");
                    }
                }
                System.out.printf("%s pair, round %d: %.2f ms CPU per check%n", names[p], round,
                        (bean.getCurrentThreadCpuTime() - cpu) / 1e6 / repeats[p]);
            }
        }
    }

    private static Schedule schedule(String start, String end, ZoneId zone) {
        return new Schedule(start, Cron.parse(start), Cron.parse(end), zone, OptionalInt.of(2), OptionalInt.empty());
    }

    private ScheduleCheckCpu() {
    }
}
