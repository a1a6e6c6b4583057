/**
 * Ingest: Kafka consumers (one verticle per core, one consumer group) that decode request,
 * summary and demand events, send bad records to the dead-letter topic, and feed the windows of
 * the services on the partitions they own. Each owner also ticks: it evaluates its services'
 * policies and publishes decisions. Decoding is plain code; the verticle is a thin adapter.
 */
package io.microscaler.ingest;
