/**
 * Operators' overrides of a service's scaling (design.md section 9's admin calls): a pause, which
 * holds the service where it is, and a pin, which holds it at a count until an expiry. Pure: the
 * state comes in as values, time as {@code now}; {@link io.microscaler.override.OverrideRule} turns a
 * policy's evaluation into the one the owner publishes.
 */
package io.microscaler.override;
