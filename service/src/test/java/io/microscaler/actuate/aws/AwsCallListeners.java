package io.microscaler.actuate.aws;

import java.time.Duration;

/** Test helper: one listener that tells two. */
final class AwsCallListeners {

    static AwsCallListener both(AwsCallListener a, AwsCallListener b) {
        return new AwsCallListener() {
            @Override
            public void attempt(String api, CallOutcome outcome) {
                a.attempt(api, outcome);
                b.attempt(api, outcome);
            }

            @Override
            public void attempt(String api, CallOutcome outcome, Duration took) {
                a.attempt(api, outcome, took);
                b.attempt(api, outcome, took);
            }

            @Override
            public void healthy(String service, int count) {
                a.healthy(service, count);
                b.healthy(service, count);
            }

            @Override
            public void retry(String api, CallOutcome cause) {
                a.retry(api, cause);
                b.retry(api, cause);
            }

            @Override
            public void rateLimited(String api) {
                a.rateLimited(api);
                b.rateLimited(api);
            }

            @Override
            public void gaveUp(String api, CallOutcome last) {
                a.gaveUp(api, last);
                b.gaveUp(api, last);
            }

            @Override
            public void repaired(String service) {
                a.repaired(service);
                b.repaired(service);
            }
        };
    }

    private AwsCallListeners() {
    }
}
