/**
 * Decisions as values that explain themselves: the from/to counts, the policy that made them, a
 * {@link io.microscaler.decision.Reason} and a message with the figures behind it. Pure data: what
 * publishes, audits and applies decisions lives elsewhere.
 */
package io.microscaler.decision;
