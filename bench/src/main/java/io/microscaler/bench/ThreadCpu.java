package io.microscaler.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time and allocated bytes of this JVM's threads, so a run's cost can be told apart from the
 * embedded broker's, which serves every run's fetches in the same JVM.
 *
 * <p>The broker's threads are those alive when {@link #markBrokerThreads} is called (after the
 * broker has started and the topics are loaded, before any consumer runs; the calling thread and
 * the JVM's own Java threads excepted), and any thread started later whose name is a broker's (it
 * starts some lazily, such as {@code executor-Fetch} at the first delayed fetch, and its schedulers
 * grow). Every other Java thread counts as the client's: the consumers' and Vert.x's, the producers'
 * and heartbeat threads, and {@code main} (the plain consumer polls on it; for the others it is the
 * harness polling a counter every millisecond). A thread nobody named here counts as the client's,
 * so a figure without the broker can only be too high, never too low.
 *
 * <p>The process's CPU also holds work done outside Java threads, which no thread list shows:
 * the garbage collector's and the JIT compilers' threads (whose work is for the broker's code too)
 * and the VM's own. {@link Usage#vmNanos} is that rest, counted with the client. Of it, the JIT
 * compilers' and the collector's threads are read from {@code /proc/self/task} where there is one
 * (Linux, in clock ticks of 10 ms: exact enough over a run of seconds).
 */
final class ThreadCpu {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Started by the broker after the mark (seen in this JVM with Kafka 4.4.0). */
    private static final List<String> BROKER_PREFIXES = List.of("executor-", "kafka-scheduler-", "data-plane-kafka-",
            "ExpirationReaper-", "group-coordinator-", "share-coordinator-", "share-group-", "transaction-",
            "kafka-log-cleaner-", "broker-", "controller-", "kafka-1-", "quorum-controller-", "raft-",
            "AddPartitionsToTxnSenderThread-", "TxnMarkerSenderThread-");

    /** The JVM's own Java threads: neither the broker's nor a client's, and next to idle. */
    private static final Set<String> JVM_THREADS = Set.of("Reference Handler", "Finalizer", "Signal Dispatcher",
            "Common-Cleaner", "Notification Thread", "Attach Listener", "Service Thread", "Monitor Deflation Thread",
            "Sweeper thread", "JFR Periodic Tasks", "JFR Recorder Thread", "JFR Shutdown Hook");

    private static volatile Set<Long> brokerIds = Set.of();

    static {
        THREADS.setThreadCpuTimeEnabled(true);
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    /** Remembers the threads alive now, but this one and the JVM's own, as the broker's. */
    static void markBrokerThreads() {
        Set<Long> ids = new HashSet<>();
        long self = Thread.currentThread().getId();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0)) {
            if (info != null && info.getThreadId() != self && !JVM_THREADS.contains(info.getThreadName())) {
                ids.add(info.getThreadId());
            }
        }
        brokerIds = Set.copyOf(ids);
    }

    /** The process's CPU time and, per live thread, its name, CPU time and bytes allocated so far. */
    record Snapshot(long processNanos, Map<Long, Sample> threads, long jitNanos, long gcNanos) {
    }

    record Sample(String name, long cpuNanos, long allocatedBytes) {
    }

    static Snapshot take() {
        long[] ids = THREADS.getAllThreadIds();
        long[] cpu = THREADS.getThreadCpuTime(ids);
        long[] allocated = THREADS.getThreadAllocatedBytes(ids);
        ThreadInfo[] infos = THREADS.getThreadInfo(ids, 0);
        long process = ProcessCpu.nanos();
        Map<Long, Sample> threads = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && cpu[i] >= 0) { // a thread that ended in between has no info, and -1 as time
                threads.put(ids[i], new Sample(infos[i].getThreadName(), cpu[i], Math.max(0, allocated[i])));
            }
        }
        long[] vm = NativeThreads.jitAndGcNanos();
        return new Snapshot(process, threads, vm[0], vm[1]);
    }

    /**
     * What was used between two snapshots. A thread started in between counts from zero; a thread
     * that ended in between is lost from its own group (so measure before the clients close), but
     * its CPU is still in the process's.
     *
     * @param processNanos   the whole JVM's CPU time, as before
     * @param brokerNanos    the broker's Java threads'
     * @param clientNanos    every other Java thread's (the JVM's own excepted)
     * @param eventLoopNanos Vert.x's event loops' alone ({@code vert.x-eventloop-thread-*}): microscaler's verticles
     * @param clientBytes    bytes allocated by the client's Java threads (TLABs included, as the JVM counts them)
     * @param eventLoopBytes of which by the event loops
     * @param jitNanos       the JIT compilers' threads' ({@code /proc}; 0 where there is none)
     * @param gcNanos        the collector's threads' ({@code /proc}; 0 where there is none)
     */
    record Usage(long processNanos, long brokerNanos, long clientNanos, long eventLoopNanos, long clientBytes,
                 long eventLoopBytes, long jitNanos, long gcNanos, Map<String, Long> clientByThread) {

        /** The same threads' figures with the process's CPU taken at another moment. */
        Usage withProcessNanos(long nanos) {
            return new Usage(nanos, brokerNanos, clientNanos, eventLoopNanos, clientBytes, eventLoopBytes, jitNanos,
                    gcNanos, clientByThread);
        }

        /** The whole JVM less the broker's threads: the client's threads, GC, JIT and the VM's own. */
        long withoutBrokerNanos() {
            return processNanos - brokerNanos;
        }

        /** Not in any Java thread: GC, JIT compilers, the VM's own threads (and the JVM's idle Java threads). */
        long vmNanos() {
            return processNanos - brokerNanos - clientNanos;
        }
    }

    static Usage between(Snapshot start, Snapshot end) {
        long broker = 0;
        long client = 0;
        long eventLoop = 0;
        long bytes = 0;
        long eventLoopBytes = 0;
        Map<String, Long> byThread = new HashMap<>();
        for (Map.Entry<Long, Sample> e : end.threads().entrySet()) {
            Sample now = e.getValue();
            Sample before = start.threads().get(e.getKey());
            long cpu = now.cpuNanos() - (before == null ? 0 : before.cpuNanos());
            long allocated = now.allocatedBytes() - (before == null ? 0 : before.allocatedBytes());
            if (isBroker(e.getKey(), now.name())) {
                broker += cpu;
            } else if (!JVM_THREADS.contains(now.name())) {
                client += cpu;
                bytes += allocated;
                byThread.merge(now.name(), cpu, Long::sum);
                if (now.name().startsWith("vert.x-eventloop-thread-")) {
                    eventLoop += cpu;
                    eventLoopBytes += allocated;
                }
            }
        }
        return new Usage(end.processNanos() - start.processNanos(), broker, client, eventLoop, bytes, eventLoopBytes,
                difference(start.jitNanos(), end.jitNanos()), difference(start.gcNanos(), end.gcNanos()), byThread);
    }

    /** 0 where either side could not be read (-1). */
    private static long difference(long start, long end) {
        return start < 0 || end < 0 ? 0 : end - start;
    }

    private static boolean isBroker(long id, String name) {
        if (brokerIds.contains(id)) {
            return true;
        }
        for (String prefix : BROKER_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private ThreadCpu() {
    }
}
