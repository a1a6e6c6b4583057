package io.microscaler.replay.score;

/**
 * How well one policy scaled one trace.
 *
 * @param policy             the policy's name
 * @param violationSeconds   seconds whose p95 latency exceeded the SLO; dropped requests count as
 *                           infinitely slow, so a second with more than 5 % dropped is one
 * @param droppedRequests    requests refused because the queue was full
 * @param taskSeconds        Σ over seconds of tasks provisioned (running + starting): the bill
 * @param meanTasks          taskSeconds / seconds
 * @param scalingActions     how often the desired count changed: churn
 * @param peakUnder          max over seconds of (tasks needed − tasks running), at least 0
 * @param peakOver           max over seconds of (tasks provisioned − tasks needed), at least 0
 * @param requests           requests offered
 * @param seconds            seconds replayed
 */
public record Scores(String policy, long violationSeconds, long droppedRequests, long taskSeconds, double meanTasks,
                     long scalingActions, int peakUnder, int peakOver, long requests, int seconds) {
}
