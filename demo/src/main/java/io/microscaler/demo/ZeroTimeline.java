package io.microscaler.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * What the scale-to-zero demo measures, from its readings and the autoscaler's decisions: each
 * activation of the worker from zero, as phases timed from the first demand above zero. Pure.
 *
 * <p>An activation starts at the first reading whose demand sent is above zero after a reading
 * with none sent and the worker at zero (desired and running 0). Its cold start is from there to
 * the first job done: the work itself started, not only the task.
 */
public final class ZeroTimeline {

    private ZeroTimeline() {
    }

    /** A decision of the autoscaler for the worker, as seen on its bus. */
    public record Decision(double atSeconds, int from, int to, String reason) {
    }

    /**
     * One activation, at {@code demandAt} (seconds on the demo's clock); the other times are seconds
     * after it, empty when the run ended first.
     *
     * @param demandDepth the queue depth that first demand said
     * @param activation  the decision from 0 tasks to more, if seen
     */
    public record Activation(double demandAt, long demandDepth, Optional<Decision> activation, OptionalDouble decided,
                             OptionalDouble firstRunning, OptionalDouble firstJobDone, OptionalDouble queueEmpty,
                             Optional<Decision> toZero, OptionalDouble decidedZero, OptionalDouble backToZero) {

        /** First demand to first job done: what a job that arrives at an idle worker waits beyond its own work. */
        public OptionalDouble coldStart() {
            return firstJobDone;
        }

        /** The timeline, one line per phase. */
        public List<String> describe(int n) {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(Locale.ROOT, "activation %d at t=%.1f s; times from the first demand:", n, demandAt));
            lines.add(phase("first demand seen (queue depth " + demandDepth + ")", OptionalDouble.of(0)));
            lines.add(phase("decision " + activation.map(d -> d.from() + " → " + d.to() + " (" + d.reason() + ")")
                    .orElse("from 0 tasks"), decided));
            lines.add(phase("first task RUNNING", firstRunning));
            lines.add(phase("first job done", firstJobDone));
            lines.add(phase("queue empty", queueEmpty));
            lines.add(phase("decision " + toZero.map(d -> d.from() + " → 0 (" + d.reason() + ")").orElse("to 0 tasks"),
                    decidedZero));
            lines.add(phase("back to 0 tasks", backToZero));
            lines.add("  cold start (first demand → first job done): " + (coldStart().isPresent()
                    ? String.format(Locale.ROOT, "%.1f s", coldStart().getAsDouble()) : "not seen"));
            return lines;
        }
    }

    /** The activations in these readings (in time order), and the decisions around them. */
    public static List<Activation> activations(List<ZeroSample> samples, List<Decision> decisions) {
        List<Activation> found = new ArrayList<>();
        int i = 1;
        while (i < samples.size()) {
            ZeroSample before = samples.get(i - 1);
            ZeroSample s = samples.get(i);
            if (!(s.demandSent() > 0 && before.demandSent() == 0 && before.atZero())) {
                i++;
                continue;
            }
            Activation a = activation(samples.subList(i, samples.size()), decisions);
            found.add(a);
            if (a.backToZero().isEmpty()) {
                break;
            }
            double back = a.demandAt() + a.backToZero().getAsDouble();
            while (i < samples.size() && samples.get(i).atSeconds() <= back) {
                i++;
            }
        }
        return found;
    }

    private static Activation activation(List<ZeroSample> from, List<Decision> decisions) {
        ZeroSample first = from.get(0);
        double t0 = first.atSeconds();
        Optional<Decision> up = decisions.stream().filter(d -> d.atSeconds() >= t0 && d.from() == 0 && d.to() > 0).findFirst();
        OptionalDouble running = after(from, t0, s -> s.running() > 0);
        OptionalDouble done = after(from, t0, s -> s.jobsDone() > first.jobsDone());
        double doneAt = done.isPresent() ? t0 + done.getAsDouble() : Double.MAX_VALUE;
        OptionalDouble empty = after(from, t0, s -> s.atSeconds() >= doneAt && s.depth() == 0);
        double emptyAt = empty.isPresent() ? t0 + empty.getAsDouble() : Double.MAX_VALUE;
        Optional<Decision> down = decisions.stream().filter(d -> d.atSeconds() >= emptyAt && d.from() > 0 && d.to() == 0)
                .findFirst();
        OptionalDouble back = after(from, t0, s -> s.atSeconds() >= emptyAt && s.atZero());
        return new Activation(t0, first.demandSent(), up, up.map(d -> OptionalDouble.of(d.atSeconds() - t0))
                .orElse(OptionalDouble.empty()), running, done, empty, down,
                down.map(d -> OptionalDouble.of(d.atSeconds() - t0)).orElse(OptionalDouble.empty()), back);
    }

    private static OptionalDouble after(List<ZeroSample> samples, double t0, Predicate<ZeroSample> condition) {
        return samples.stream().filter(condition).mapToDouble(s -> s.atSeconds() - t0).findFirst();
    }

    /**
     * {@code demo summary (scale-to-zero): 2 activations, cold starts 4.2 s, 4.1 s (first demand →
     * first job done); 400 jobs done; back to 0 tasks 2 times}.
     */
    public static String summary(List<Activation> activations, long jobsDone) {
        List<String> colds = activations.stream().map(a -> a.coldStart().isPresent()
                ? String.format(Locale.ROOT, "%.1f s", a.coldStart().getAsDouble()) : "not seen").toList();
        long back = activations.stream().filter(a -> a.backToZero().isPresent()).count();
        return String.format(Locale.ROOT, "%d activation%s, cold start%s %s (first demand → first job done); %d jobs done;"
                        + " back to 0 tasks %d time%s", activations.size(), activations.size() == 1 ? "" : "s",
                colds.size() == 1 ? "" : "s", colds.isEmpty() ? "-" : String.join(", ", colds), jobsDone, back,
                back == 1 ? "" : "s");
    }

    /** {@code   first job done:                      +4.5 s}: the times in one column. */
    private static String phase(String label, OptionalDouble d) {
        return String.format(Locale.ROOT, "  %-36s %s", label + ":", text(d));
    }

    private static String text(OptionalDouble d) {
        return d.isPresent() ? String.format(Locale.ROOT, "+%.1f s", d.getAsDouble()) : "not seen";
    }
}
