package io.microscaler.replay.model;

/**
 * One policy scaling the {@link ServiceModel} through a trace, in simulated time: a discrete-event
 * simulation of a multi-server queue whose number of servers the policy changes.
 *
 * <h2>The model (an M/G/c queue with c changing)</h2>
 * <ul>
 *   <li>Arrivals: the trace's count for each second, at instants drawn uniformly within the
 *   second (Poisson arrivals, given the count).</li>
 *   <li>Servers: every running task has {@code concurrency} slots; a request holds one for its
 *   service time, mean × (1 + jitter × u), u uniform in [−1, 1] (40 ms ± 25 % by default).</li>
 *   <li>Queue: one first-come-first-served queue in front of all tasks, as a load balancer routing to
 *   the least busy task approximates; at most {@code queuePerTask} × running tasks wait. A request
 *   arriving to a full queue is dropped (answered 503 at once), and counts against the SLO.</li>
 *   <li>Latency = wait in the queue + service time. Each second's p95 is exact, see
 *   {@link LatencyBook}.</li>
 *   <li>Tasks: see {@link TaskPool}: a start delay (20 s, or 60 s for Fargate) before a new task
 *   serves, scale-in cancels starting tasks first, then drains the least busy running ones.</li>
 * </ul>
 * Events (arrivals, completions) are processed in time order with no time step: latencies are exact
 * to the double. Decisions happen at whole seconds: the policy is asked at the start of every
 * simulated second, as live ticks are, and answers its own period (1 s, 2 s, 15 s, 60 s).
 *
 * <p>Randomness comes from two generators seeded alike for every policy, one for the arrival
 * instants ({@link Arrivals#uniform}) and one per service time (drawn for every arrival, served or
 * not), so every policy sees the very same requests: differences between policies are the policies', not the dice's.
 *
 * <p>Single use: build, {@link #run()}, read the timeline.
 */
public final class Simulation {

    private final ServiceModel model;
    private final int[] requests;
    private final Autoscaler autoscaler;
    private final Arrivals arrivals;
    private final ServiceTimes serviceTimes;
    private final TaskPool tasks;
    private final CompletionHeap inService = new CompletionHeap();
    private final WaitQueue waiting = new WaitQueue();
    private final LatencyBook latencies = new LatencyBook();
    private final Timeline timeline;
    private double[] instants = new double[256];

    private double clock;       // time of the last event, seconds
    private int inSystem;       // in service + waiting
    private double inSystemArea; // ∫ inSystem dt over the current second
    private int completedThisSecond;
    private int droppedThisSecond;
    private boolean ran;

    /**
     * @param requests     requests arriving in each second
     * @param initialTasks tasks running at the start (within the model's bounds)
     * @param seed         the same for every policy of one replay
     */
    public Simulation(ServiceModel model, int[] requests, Autoscaler autoscaler, int initialTasks, long seed) {
        this(model, requests, autoscaler, initialTasks, seed, Arrivals.uniform(seed));
    }

    /** With arrival instants of one's choosing, e.g. {@link Arrivals#evenlySpaced()} for hand-computed cases. */
    public Simulation(ServiceModel model, int[] requests, Autoscaler autoscaler, int initialTasks, long seed,
                      Arrivals arrivals) {
        this.model = model;
        this.requests = requests.clone();
        this.autoscaler = autoscaler;
        this.arrivals = arrivals;
        this.serviceTimes = new ServiceTimes(model, seed);
        this.tasks = new TaskPool(model.concurrency(), model.startDelaySeconds());
        this.timeline = new Timeline(autoscaler.name(), requests.length);
        int initial = bounded(initialTasks);
        tasks.startRunning(initial);
        timeline.initialDesired = initial;
    }

    public Timeline run() {
        if (ran) {
            throw new IllegalStateException("a simulation runs once");
        }
        ran = true;
        for (int s = 0; s < requests.length; s++) {
            second(s);
        }
        drainTail();
        latencies.closeBefore(requests.length, this::recordP95);
        return timeline;
    }

    private void second(int s) {
        if (tasks.promote(s)) {
            startWaiting(s);
        }
        int wanted = bounded(autoscaler.desired(s, tasks.counts()));
        if (wanted != tasks.desired()) {
            tasks.setDesired(wanted, s);
            if (tasks.promote(s)) { // a start delay of 0
                startWaiting(s);
            }
        }
        timeline.desired[s] = tasks.desired();
        timeline.running[s] = tasks.running();
        timeline.pending[s] = tasks.pending();
        int runningAtStart = tasks.running();

        int n = requests[s];
        timeline.offered[s] = n;
        drawInstants(s, n);
        for (int i = 0; i < n; i++) {
            double at = instants[i];
            completeUntil(at, true);
            arrive(at, s);
        }
        completeUntil(s + 1, false);
        advance(s + 1);

        timeline.completed[s] = completedThisSecond;
        timeline.dropped[s] = droppedThisSecond;
        autoscaler.onSecond(new SecondSample(s, n, completedThisSecond, droppedThisSecond, inSystemArea, runningAtStart,
                (int) Math.min(Integer.MAX_VALUE, waiting.size())));
        completedThisSecond = 0;
        droppedThisSecond = 0;
        inSystemArea = 0;
        long unresolved = waiting.isEmpty() ? s + 1 : (long) Math.floor(waiting.headArrival());
        latencies.closeBefore(unresolved, this::recordP95);
    }

    private void arrive(double at, int second) {
        double service = serviceTimes.nextSeconds();
        advance(at);
        if (tasks.freeSlots() > 0) {
            inSystem++;
            start(at, at, service);
        } else if (waiting.size() < (long) model.queuePerTask() * tasks.running()) {
            inSystem++;
            waiting.push(at, service);
        } else {
            droppedThisSecond++;
            latencies.addDropped(second);
            autoscaler.onRequest(at, 0, 0, true);
        }
    }

    private void start(double now, double arrivedAt, double service) {
        int task = tasks.acquire();
        double latencyMs = (now - arrivedAt + service) * 1000;
        inService.push(now + service, task, latencyMs, service * 1000);
        latencies.add((long) Math.floor(arrivedAt), latencyMs);
    }

    /** Processes completions up to {@code limit} (inclusive or not), each freeing a slot for the queue. */
    private void completeUntil(double limit, boolean inclusive) {
        while (!inService.isEmpty()
                && (inService.peekTime() < limit || (inclusive && inService.peekTime() == limit))) {
            double at = inService.peekTime();
            int task = inService.peekTask();
            double latencyMs = inService.peekLatencyMs();
            double serviceMs = inService.peekServiceMs();
            inService.pop();
            advance(at);
            inSystem--;
            completedThisSecond++;
            autoscaler.onRequest(at, latencyMs, serviceMs, false);
            if (tasks.release(task)) {
                startWaiting(at);
            }
        }
    }

    private void startWaiting(double now) {
        while (tasks.freeSlots() > 0 && !waiting.isEmpty()) {
            double arrivedAt = waiting.headArrival();
            double service = waiting.headService();
            waiting.pop();
            start(now, arrivedAt, service);
        }
    }

    private void advance(double to) {
        if (to > clock) {
            inSystemArea += inSystem * (to - clock);
            clock = to;
        }
    }

    /** After the trace: the requests still queued or in service finish; nothing new arrives. */
    private void drainTail() {
        while (!inService.isEmpty()) {
            completeUntil(Double.POSITIVE_INFINITY, true);
        }
        while (!waiting.isEmpty()) { // no task left to serve them: they were never answered
            latencies.addDropped((long) Math.floor(waiting.headArrival()));
            waiting.pop();
        }
    }

    private void recordP95(long second, float p95Ms) {
        if (second < timeline.p95Ms.length) {
            timeline.p95Ms[(int) second] = p95Ms;
        }
    }

    private void drawInstants(int second, int n) {
        if (instants.length < n) {
            instants = new double[Math.max(n, instants.length * 2)];
        }
        arrivals.fill(second, n, instants);
    }

    private int bounded(int count) {
        return Math.max(model.minTasks(), Math.min(model.maxTasks(), count));
    }
}
