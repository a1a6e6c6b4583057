/**
 * Benchmarks, as programs (not tests): each {@code main} starts what it measures, prints a results
 * block with its figures and the ratios to the references it ran side by side, and exits. Built only
 * with {@code -Pbench} into {@code target/bench.jar}; how to run them and the figures this machine
 * gave are in BENCHMARKS.md.
 * <ul>
 *   <li>{@link io.microscaler.bench.IngestThroughput}: plain consumer vs microscaler's ingest and
 *   windows vs Kafka Streams, on the same records of one embedded broker;</li>
 *   <li>{@link io.microscaler.bench.DecisionLatency}: from a threshold-crossing burst of events to the
 *   decision on the event bus and to UpdateService at the local cloud;</li>
 *   <li>{@link io.microscaler.bench.TenThousandServices}: heap and tick time for 10,000 live windows
 *   and policies.</li>
 * </ul>
 */
package io.microscaler.bench;
