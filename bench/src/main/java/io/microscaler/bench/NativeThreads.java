package io.microscaler.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads that are no Java thread, which {@code ThreadMXBean} does not list:
 * the JIT compilers' ({@code C1/C2 CompilerThread*}) and the garbage collector's ({@code GC Thread#*},
 * {@code G1 *}), read from {@code /proc/self/task/<tid>/stat} (Linux only; elsewhere both are 0).
 */
final class NativeThreads {

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final long NANOS_PER_TICK = 10_000_000; // USER_HZ 100, as on every Linux the JDK runs on

    private enum Kind { JIT, GC, OTHER }

    /** A thread's kind by its name, read once: names do not change, and reading each would cost a snapshot. */
    private static final Map<String, Kind> KINDS = new ConcurrentHashMap<>();

    /**
     * @return {JIT compilers' CPU nanos, collector's CPU nanos} of the threads alive now; {-1, -1} where
     *         they cannot be read. A thread that ended is not in the sum: HotSpot stops compiler threads
     *         it added when idle, but never the first of each kind, and G1 keeps its threads.
     */
    static long[] jitAndGcNanos() {
        long[] sums = new long[2];
        if (!Files.isDirectory(TASKS)) {
            return new long[] {-1, -1};
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                Kind kind = KINDS.computeIfAbsent(task.getFileName().toString(), tid -> kindOf(task));
                if (kind != Kind.OTHER) {
                    sums[kind.ordinal()] += cpuNanos(task);
                }
            });
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1}; // the listing failed: rare, and the figure is only a breakdown
        }
        return sums;
    }

    private static Kind kindOf(Path task) {
        try {
            String name = Files.readString(task.resolve("comm")).strip(); // at most 15 characters
            if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                return Kind.JIT;
            }
            return name.startsWith("GC Thread") || name.startsWith("G1 ") ? Kind.GC : Kind.OTHER;
        } catch (IOException e) {
            return Kind.OTHER;
        }
    }

    private static long cpuNanos(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            // after the name in parentheses (which may hold spaces): state, then utime and stime 12th and 13th
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException e) {
            return 0; // ended since the listing
        }
    }

    private NativeThreads() {
    }
}
