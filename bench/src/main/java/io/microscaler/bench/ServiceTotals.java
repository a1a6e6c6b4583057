package io.microscaler.bench;

/**
 * What was produced per service, so each consumer's result can be checked against it: a benchmark
 * whose consumer lost or double-counted records measures nothing.
 */
final class ServiceTotals {

    final String[] services;
    final long[] count;
    final long[] errors;
    final long[] latencySumMs;
    final long[] latencyMaxMs;
    final long[] bytes;

    ServiceTotals(String[] services) {
        this.services = services.clone();
        int n = services.length;
        count = new long[n];
        errors = new long[n];
        latencySumMs = new long[n];
        latencyMaxMs = new long[n];
        bytes = new long[n];
    }

    void add(int service, long latencyMs, boolean error, long responseBytes) {
        count[service]++;
        if (error) {
            errors[service]++;
        }
        latencySumMs[service] += latencyMs;
        latencyMaxMs[service] = Math.max(latencyMaxMs[service], latencyMs);
        bytes[service] += responseBytes;
    }

    long totalCount() {
        long sum = 0;
        for (long c : count) {
            sum += c;
        }
        return sum;
    }

    long totalErrors() {
        long sum = 0;
        for (long e : errors) {
            sum += e;
        }
        return sum;
    }

    int indexOf(String service) {
        for (int i = 0; i < services.length; i++) {
            if (services[i].equals(service)) {
                return i;
            }
        }
        return -1;
    }
}
