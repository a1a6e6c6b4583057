package io.microscaler.replay;

import io.microscaler.config.ConfigException;
import io.microscaler.replay.model.Autoscaler;
import io.microscaler.replay.model.ServiceModel;
import io.microscaler.replay.model.Simulation;
import io.microscaler.replay.model.Timeline;
import io.microscaler.replay.report.ReplayChart;
import io.microscaler.replay.report.ParetoChart;
import io.microscaler.replay.report.ReplayCsv;
import io.microscaler.replay.report.ScoreTable;
import io.microscaler.replay.score.ClairvoyantBound;
import io.microscaler.replay.score.Scorer;
import io.microscaler.replay.score.Scores;
import io.microscaler.replay.trace.Trace;
import io.microscaler.replay.trace.TraceReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code microscaler replay}: replays a trace against each policy in simulated time, prints the
 * scores and writes {@code scores.csv}, {@code timeline.csv} and {@code replay.png}.
 *
 * <p>Every policy runs its own {@link Simulation} with the same seed, so all see the same requests;
 * they are independent, so they run side by side on the available cores. A week of trace takes
 * seconds per policy because nothing sleeps: time is the simulation's own.
 */
public final class ReplayCommand {

    private ReplayCommand() {
    }

    /** @return the exit code: 0, 2 for bad options or a bad trace, 1 when the output cannot be written */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        ReplayOptions options;
        Trace trace;
        try {
            options = ReplayOptions.parse(args);
            trace = TraceReader.read(options.trace(), options.scale(), options.seed());
        } catch (IllegalArgumentException e) {
            err.println("microscaler replay: " + e.getMessage());
            return 2;
        }
        if (!options.sweep().isEmpty()) {
            return sweep(trace, options, out, err);
        }
        Result result;
        try {
            result = replay(trace, options, out);
        } catch (ConfigException e) {
            err.println("microscaler replay: configuration error: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("microscaler replay: " + e.getMessage());
            return 2;
        }
        Path folder = options.outputFolder(trace.name());
        try {
            Files.createDirectories(folder);
            ReplayCsv.writeScores(folder.resolve("scores.csv"), trace, options.sloMs(), result.scores());
            ReplayCsv.writeTimeline(folder.resolve("timeline.csv"), result.timelines());
            ReplayChart.write(folder.resolve("replay.png"), trace, options.sloMs(), result.timelines());
        } catch (IOException e) {
            err.println("microscaler replay: cannot write to " + folder + ": " + e.getMessage());
            return 1;
        }
        out.println("wrote " + folder.resolve("scores.csv") + ", " + folder.resolve("timeline.csv") + ", "
                + folder.resolve("replay.png"));
        return 0;
    }

    /** What the replay of all policies gave, in the order of the options. */
    record Result(List<Scores> scores, List<Timeline> timelines) {
    }

    /** One policy's run and how long it took. */
    record Run(Timeline timeline, double wallSeconds) {
    }

    /** A policy to run, on the model the simulation serves with. */
    record Job(Autoscaler policy, ServiceModel model) {
    }

    private static int sweep(Trace trace, ReplayOptions options, PrintStream out, PrintStream err) {
        out.println("trace " + trace.describe());
        out.println(ScoreTable.describeModel(options.model(), options.sloMs()));
        int initialTasks = initialTasks(trace.requests(), options.model());
        long started = System.nanoTime();
        List<Sweep.Point> points;
        try {
            points = Sweep.run(trace.requests(), options, initialTasks, options.sweep());
        } catch (ConfigException e) {
            err.println("microscaler replay: configuration error: " + e.getMessage());
            return 2;
        }
        out.printf(Locale.ROOT, "swept %d policies × %d utilisations in %.1f s%n%n", options.policies().size(),
                options.sweep().size(), (System.nanoTime() - started) / 1e9);
        out.print(Sweep.table(points));
        out.print(Sweep.frontierReport(Sweep.frontier(points)));
        Path folder = options.outputFolder(trace.name());
        try {
            Files.createDirectories(folder);
            ReplayCsv.writeSweep(folder.resolve("sweep.csv"), trace, options.sloMs(), points.stream()
                    .map(p -> new ReplayCsv.SweepRow(p.utilisation(), p.isDefault(), p.scores())).toList());
            ParetoChart.write(folder.resolve("pareto.png"), trace.name() + " × " + trace.scale() + ", tasks start in "
                    + options.model().startDelaySeconds() + " s", points.stream().map(p -> new ParetoChart.Point(p.policy(), p.utilisation(), p.isDefault(),
                    p.scores().taskSeconds(), p.scores().violationSeconds())).toList(), boundCurve(trace, options, initialTasks));
        } catch (IOException e) {
            err.println("microscaler replay: cannot write to " + folder + ": " + e.getMessage());
            return 1;
        }
        out.println("wrote " + folder.resolve("sweep.csv") + ", " + folder.resolve("pareto.png"));
        return 0;
    }

    /** The clairvoyant schedules from cheapest to fewest violations, each distinct one once, for the chart. */
    private static List<long[]> boundCurve(Trace trace, ReplayOptions options, int initialTasks) {
        int[] needs = ClairvoyantBound.tasksEachSecondNeeds(options.model(), trace.requests(), options.seed(),
                options.sloMs());
        List<long[]> curve = new ArrayList<>();
        for (ClairvoyantBound.Point p : ClairvoyantBound.frontier(needs, options.model(), initialTasks).points()) {
            if (curve.isEmpty() || curve.get(curve.size() - 1)[1] != p.violationSeconds()) {
                curve.add(new long[] {p.taskSeconds(), p.violationSeconds()});
            }
        }
        return curve;
    }

    static Result replay(Trace trace, ReplayOptions options, PrintStream out) {
        out.println("trace " + trace.describe());
        out.println(ScoreTable.describeModel(options.model(), options.sloMs()));
        int[] requests = trace.requests();
        int initialTasks = initialTasks(requests, options.model());
        out.println("every policy starts with " + initialTasks + " running task(s): the shared rule's count for the"
                + " first minute's mean load, as for a service already scaled when the trace begins");
        List<Autoscaler> policies = new ArrayList<>();
        for (String name : options.policies()) {
            policies.add(Policies.create(name, options)); // bad settings fail here, before any work
        }
        long started = System.nanoTime();
        List<Run> runs = runAll(policies.stream().map(p -> new Job(p, options.model())).toList(), requests, initialTasks,
                options.seed());
        List<Scores> scores = new ArrayList<>();
        List<Timeline> timelines = new ArrayList<>();
        for (Run run : runs) {
            out.printf(Locale.ROOT, "replayed %-20s in %6.1f s%n", run.timeline().policy(), run.wallSeconds());
            timelines.add(run.timeline());
            scores.add(Scorer.score(run.timeline(), options.model(), options.sloMs()));
        }
        out.printf(Locale.ROOT, "all policies in %.1f s wall time (%d at a time)%n", (System.nanoTime() - started) / 1e9,
                threads(policies.size()));
        out.println();
        out.print(ScoreTable.format(scores));
        out.print(ScoreTable.degenerate(scores));
        policies.forEach(p -> out.print(p.notes()));
        int[] needs = ClairvoyantBound.tasksEachSecondNeeds(options.model(), requests, options.seed(), options.sloMs());
        out.print(ScoreTable.bound(scores, ClairvoyantBound.frontier(needs, options.model(), initialTasks),
                MicroscalerAutoscaler.NAME));
        return new Result(scores, timelines);
    }

    /** Runs each job in its own simulation with the same seed, side by side on the cores; results in job order. */
    static List<Run> runAll(List<Job> jobs, int[] requests, int initialTasks, long seed) {
        ExecutorService pool = Executors.newFixedThreadPool(threads(jobs.size()), r -> {
            Thread t = new Thread(r, "replay");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    Timeline timeline = new Simulation(job.model(), requests, job.policy(), initialTasks, seed).run();
                    return new Run(timeline, (System.nanoTime() - t0) / 1e9);
                }));
            }
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) {
                runs.add(f.get());
            }
            return runs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static int threads(int policies) {
        return Math.max(1, Math.min(policies, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * The tasks every policy starts with: what the shared rule asks for at the first minute's mean
     * load. Starting every replay at the minimum would open each with a cold start that no policy
     * can avoid and that swamps a short trace's scores.
     */
    static int initialTasks(int[] requests, ServiceModel model) {
        int seconds = Math.min(60, requests.length);
        long sum = 0;
        for (int s = 0; s < seconds; s++) {
            sum += requests[s];
        }
        return Math.min(model.maxTasks(), model.tasksNeeded((double) sum / seconds));
    }
}
