package io.microscaler.bench;

/**
 * One consumer's run over a loaded topic.
 *
 * @param nanos       from partition assignment to the last record consumed (applied, for the windowed ones)
 * @param activeNanos from the first record to the last: the same without the start-up after assignment
 * @param check       what was checked against the producer's totals, and whether it held
 * @param cpu         CPU time over the run, of the whole process (all threads, the broker's too: on a busy machine a
 *                    fairer cost than the wall clock) and without the broker's threads ({@link ThreadCpu})
 */
record RunResult(String name, long records, long nanos, long activeNanos, Check check, ThreadCpu.Usage cpu) {

    /** @param ok whether every record was seen once and the totals match */
    record Check(boolean ok, String detail) {
    }

    double recordsPerSecond() {
        return records * 1e9 / nanos;
    }

    /** Microseconds of CPU (all threads of this JVM, the broker's included) per record. */
    double cpuMicrosPerRecord() {
        return cpu.processNanos() / 1e3 / records;
    }

    /** The same less the broker's threads: the client's threads, GC, JIT and the VM's own threads. */
    double withoutBrokerMicrosPerRecord() {
        return cpu.withoutBrokerNanos() / 1e3 / records;
    }

    /** Of which in no Java thread: GC, JIT compilers (for the broker's code too), the VM. */
    double vmMicrosPerRecord() {
        return cpu.vmNanos() / 1e3 / records;
    }

    /** Vert.x's event loops alone: microscaler's verticles (0 for the runs without Vert.x). */
    double eventLoopMicrosPerRecord() {
        return cpu.eventLoopNanos() / 1e3 / records;
    }

    double jitMicrosPerRecord() {
        return cpu.jitNanos() / 1e3 / records;
    }

    double gcMicrosPerRecord() {
        return cpu.gcNanos() / 1e3 / records;
    }

    double eventLoopBytesPerRecord() {
        return (double) cpu.eventLoopBytes() / records;
    }

    /** Bytes allocated per record by the client's Java threads. */
    double clientBytesPerRecord() {
        return (double) cpu.clientBytes() / records;
    }

    double activeRecordsPerSecond() {
        return records * 1e9 / activeNanos;
    }
}
