package io.microscaler.policy;

import io.microscaler.decision.Decision;

/** A policy's answer: the decision, and the memory to pass to the next evaluation. */
public record Evaluation(Decision decision, PolicyMemory next) {
}
