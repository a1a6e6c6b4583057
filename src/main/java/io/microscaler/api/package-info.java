/**
 * The HTTP interface: health, Prometheus metrics, services and decisions.
 */
package io.microscaler.api;
