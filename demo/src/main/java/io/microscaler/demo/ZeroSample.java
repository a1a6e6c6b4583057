package io.microscaler.demo;

import java.util.Locale;

/**
 * One reading of the scale-to-zero demo, ten a second.
 *
 * @param atSeconds   seconds since the demo's clock started
 * @param demandSent  the queue depth last sent as a demand event (0 before any)
 * @param depth       jobs in the queue now: waiting or being worked on
 * @param jobsDone    jobs the worker's tasks have finished so far
 * @param desired     the ECS service's desired count
 * @param running     its RUNNING tasks
 */
public record ZeroSample(double atSeconds, long demandSent, long depth, long jobsDone, int desired, int running) {

    /** Nothing to do and nothing running: the worker at zero. */
    boolean atZero() {
        return desired == 0 && running == 0;
    }

    /** {@code t=  15s | queue 180, 20 jobs done | tasks desired 3 running 3}. */
    public String line() {
        return String.format(Locale.ROOT, "t=%4.0fs | queue %4d, %4d jobs done | tasks desired %d running %d",
                atSeconds, depth, jobsDone, desired, running);
    }
}
