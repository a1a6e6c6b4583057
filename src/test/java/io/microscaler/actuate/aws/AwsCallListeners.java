package io.microscaler.actuate.aws;

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
