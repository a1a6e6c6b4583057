/**
 * The predictive policy's history in Kafka: each predictive service's busy rate per minute,
 * written by its owner as each minute closes and read back by whoever owns it next (a restart, a
 * hand-over), so that the forecast does not start again from nothing.
 */
package io.microscaler.history;
