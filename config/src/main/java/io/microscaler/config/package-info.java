/**
 * Configuration: immutable records ({@link io.microscaler.config.MicroscalerConfig} and its parts),
 * every default in {@link io.microscaler.config.Defaults}, and {@link io.microscaler.config.ConfigLoader},
 * which layers defaults, a YAML file, the environment and explicit overrides, then validates the
 * result once, at start.
 *
 * <p>Why validate up front: a typo in a scaling bound found at the first burst is an outage; found
 * at start it is a one-line message naming the key, the value, what was expected and where the value
 * came from ({@link io.microscaler.config.ConfigException}). Secrets in {@code kafka.properties.*}
 * never reach a message, a log line or a {@code toString} ({@link io.microscaler.config.Secrets}).
 *
 * <p>The reference for operators is {@code docs/configuration.md}; a sample with every key is
 * {@code config/microscaler.yaml}.
 */
package io.microscaler.config;
