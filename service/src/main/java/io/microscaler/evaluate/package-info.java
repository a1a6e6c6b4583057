/**
 * The tick and decision stage: per owned service its window and policy state
 * ({@link io.microscaler.evaluate.OwnedServices}), one evaluation per tick (snapshot → policy →
 * decision, and whether it is worth publishing: {@link io.microscaler.evaluate.ServiceEvaluator}),
 * and when ticks fall ({@link io.microscaler.evaluate.TickAlignment}). Plain code, driven by the
 * ingest verticle that owns the windows, on its context: the windows are its state and are never
 * shared across threads.
 */
package io.microscaler.evaluate;
