/**
 * Ingest: Kafka consumers (one verticle per core, one consumer group) that decode request,
 * summary and demand events, send bad records to the dead-letter topic ({@link
 * io.microscaler.ingest.DeadLetters}), and feed the windows of the services on the partitions they
 * own. Each owner also drives the evaluation stage ({@code io.microscaler.evaluate}) on its own
 * context. Decoding is plain code; the verticle is a thin adapter.
 */
package io.microscaler.ingest;
