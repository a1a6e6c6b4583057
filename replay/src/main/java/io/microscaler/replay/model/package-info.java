/**
 * The service model of the trace replay: a discrete-event simulation of tasks with concurrency
 * slots, one shared FIFO queue, start delays and draining, driven in simulated time by an
 * {@link io.microscaler.replay.model.Autoscaler}. Pure: no clock, no I/O.
 */
package io.microscaler.replay.model;
