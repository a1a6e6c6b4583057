/**
 * The HTTP interface: health, Prometheus metrics, services and decisions, and the live status page
 * at {@code /} with its server-sent event stream.
 */
package io.microscaler.api;
