/**
 * Kafka plumbing shared by the verticles: client settings ({@link
 * io.microscaler.kafka.KafkaClientProperties}) and topic creation ({@link io.microscaler.kafka.Topics}).
 * The service only ever connects to the brokers it is configured with; the in-JVM broker of the
 * demo and the tests is in the {@code embedded-kafka} module. Nothing here decides anything.
 */
package io.microscaler.kafka;
