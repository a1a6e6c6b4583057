/**
 * Scores of a trace replay: SLO-violation seconds, dropped requests, task-seconds, scaling actions,
 * peak under- and over-provisioning. Pure.
 */
package io.microscaler.replay.score;
