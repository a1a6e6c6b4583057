/**
 * The production service's entry: {@link io.microscaler.service.Microscaler}, the composition
 * root (infrastructure → pipeline → cluster), and {@link io.microscaler.service.ServiceMain}, the
 * command line of the production jar ({@code run --config FILE}). Starts no broker or emulator.
 */
package io.microscaler.service;
