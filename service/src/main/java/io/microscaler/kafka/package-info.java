/**
 * Kafka plumbing shared by the verticles: client settings ({@link
 * io.microscaler.kafka.KafkaClientProperties}), topic creation ({@link io.microscaler.kafka.Topics})
 * and a real single-node broker that runs inside the JVM ({@link
 * io.microscaler.kafka.embedded.EmbeddedKafkaBroker}) for the demo, for running without a configured
 * cluster, and for integration tests. Nothing here decides anything.
 */
package io.microscaler.kafka;
