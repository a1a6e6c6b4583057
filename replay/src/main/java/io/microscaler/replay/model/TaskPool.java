package io.microscaler.replay.model;

import java.util.Arrays;

/**
 * The service's tasks and their slots, as the orchestrator and the load balancer see them.
 *
 * <ul>
 *   <li>A task asked for is <em>pending</em> for the start delay, then <em>running</em>: it takes
 *   requests on {@code concurrency} slots.</li>
 *   <li>Scale-in first cancels pending tasks (the newest first: they are furthest from serving),
 *   then takes running tasks out of the load balancer, the least busy first. Such a task
 *   <em>drains</em>: it takes no new request, finishes the ones it serves (at most one service
 *   time, 50 ms by default) and is gone; the load balancer's deregistration waits for in-flight
 *   requests, not for its whole delay, when they finish sooner.</li>
 *   <li>A request starts on the running task with the most free slots (least outstanding requests,
 *   as the demo's load balancer routes); with one queue in front of all tasks, which task serves
 *   it changes nothing but which tasks are idle when scale-in picks.</li>
 * </ul>
 */
final class TaskPool {

    private static final byte FREE = 0;
    private static final byte PENDING = 1;
    private static final byte RUNNING = 2;
    private static final byte DRAINING = 3;

    private final int concurrency;
    private final int startDelaySeconds;
    private byte[] state = new byte[16];
    private int[] busy = new int[16];
    private long[] readyAt = new long[16];
    private int slots; // task indexes in use or once used: [0, slots)
    private int running;
    private int pending;
    private int draining;
    private int freeSlots;
    private int desired;

    TaskPool(int concurrency, int startDelaySeconds) {
        this.concurrency = concurrency;
        this.startDelaySeconds = startDelaySeconds;
    }

    /** Tasks running from the start, as a service that was already scaled before the trace began. */
    void startRunning(int count) {
        for (int i = 0; i < count; i++) {
            int t = newTask();
            state[t] = RUNNING;
            running++;
            freeSlots += concurrency;
        }
        desired = count;
    }

    TaskCounts counts() {
        return new TaskCounts(desired, running, pending);
    }

    int desired() {
        return desired;
    }

    int running() {
        return running;
    }

    int pending() {
        return pending;
    }

    int draining() {
        return draining;
    }

    int freeSlots() {
        return freeSlots;
    }

    /** Asks for {@code count} tasks: starts or removes the difference with running + pending. */
    void setDesired(int count, long now) {
        int current = running + pending;
        for (int i = current; i < count; i++) {
            int t = newTask();
            state[t] = PENDING;
            readyAt[t] = now + startDelaySeconds;
            pending++;
        }
        for (int i = count; i < current; i++) {
            removeOne();
        }
        desired = count;
    }

    /** Pending tasks due by {@code now} start serving. @return whether any did */
    boolean promote(long now) {
        if (pending == 0) {
            return false;
        }
        boolean any = false;
        for (int t = 0; t < slots; t++) {
            if (state[t] == PENDING && readyAt[t] <= now) {
                state[t] = RUNNING;
                pending--;
                running++;
                freeSlots += concurrency;
                any = true;
            }
        }
        return any;
    }

    /** Takes a slot on the running task with the most free slots; only while {@link #freeSlots} > 0. */
    int acquire() {
        int best = -1;
        for (int t = 0; t < slots; t++) {
            if (state[t] == RUNNING && busy[t] < concurrency && (best < 0 || busy[t] < busy[best])) {
                best = t;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no free slot: acquire only while freeSlots > 0");
        }
        busy[best]++;
        freeSlots--;
        return best;
    }

    /** A request on {@code task} completed. @return whether its slot can take another request */
    boolean release(int task) {
        busy[task]--;
        if (state[task] == RUNNING) {
            freeSlots++;
            return true;
        }
        if (state[task] == DRAINING && busy[task] == 0) {
            state[task] = FREE;
            draining--;
        }
        return false;
    }

    private void removeOne() {
        if (pending > 0) {
            int newest = -1;
            for (int t = 0; t < slots; t++) {
                if (state[t] == PENDING && (newest < 0 || readyAt[t] >= readyAt[newest])) {
                    newest = t;
                }
            }
            state[newest] = FREE;
            pending--;
            return;
        }
        int idlest = -1;
        for (int t = 0; t < slots; t++) {
            if (state[t] == RUNNING && (idlest < 0 || busy[t] < busy[idlest])) {
                idlest = t;
            }
        }
        running--;
        freeSlots -= concurrency - busy[idlest];
        if (busy[idlest] == 0) {
            state[idlest] = FREE;
        } else {
            state[idlest] = DRAINING;
            draining++;
        }
    }

    private int newTask() {
        for (int t = 0; t < slots; t++) {
            if (state[t] == FREE) {
                busy[t] = 0;
                return t;
            }
        }
        if (slots == state.length) {
            state = Arrays.copyOf(state, slots * 2);
            busy = Arrays.copyOf(busy, slots * 2);
            readyAt = Arrays.copyOf(readyAt, slots * 2);
        }
        busy[slots] = 0;
        return slots++;
    }
}
