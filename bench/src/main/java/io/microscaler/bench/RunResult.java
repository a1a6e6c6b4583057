package io.microscaler.bench;

/**
 * One consumer's run over a loaded topic.
 *
 * @param nanos       from partition assignment to the last record consumed (applied, for the windowed ones)
 * @param activeNanos from the first record to the last: the same without the start-up after assignment
 * @param check       what was checked against the producer's totals, and whether it held
 * @param cpuNanos    CPU time of the whole process (all threads, the broker's too) over the run: on a busy machine
 *                    a fairer cost than the wall clock
 */
record RunResult(String name, long records, long nanos, long activeNanos, Check check, long cpuNanos) {

    /** @param ok whether every record was seen once and the totals match */
    record Check(boolean ok, String detail) {
    }

    double recordsPerSecond() {
        return records * 1e9 / nanos;
    }

    /** Microseconds of CPU (all threads of this JVM, the broker's included) per record. */
    double cpuMicrosPerRecord() {
        return cpuNanos / 1e3 / records;
    }

    double activeRecordsPerSecond() {
        return records * 1e9 / activeNanos;
    }
}
