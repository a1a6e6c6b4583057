/**
 * The audit log: every published decision, with its reason and inputs, written to Kafka as JSON.
 */
package io.microscaler.audit;
