/**
 * Metrics at the edges: Micrometer meters over the numbers the core exposes, in Prometheus naming.
 */
package io.microscaler.observability;
