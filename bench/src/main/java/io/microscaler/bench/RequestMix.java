package io.microscaler.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Request events as image servers and APIs send them (docs/design.md section 2, the bytes
 * {@code demo.EventJson} writes): {@code {"v":1,"service":…,"ts":…,"latencyMs":…,"status":…,
 * "bytes":…,"task":…}}, about 125 bytes each.
 *
 * <p>The mix: services chosen by a Zipf law of exponent 1 (with 50 services the busiest sends 22 % of
 * the events, the quietest 0.4 %), four tasks per service, latencies log-normal around 60 ms
 * (σ = 0.9, so p99 ≈ 490 ms), 2 % 404s, 1 % 5xx, response sizes log-normal around 30 KB. Seeded:
 * every run produces the same records.
 */
final class RequestMix {

    private final String[] services;
    private final String[][] tasks;
    private final double[] cumulative;
    private final SplittableRandom random;
    private final ServiceTotals totals;
    private final StringBuilder json = new StringBuilder(160);

    RequestMix(int serviceCount, long seed) {
        random = new SplittableRandom(seed);
        services = new String[serviceCount];
        tasks = new String[serviceCount][4];
        cumulative = new double[serviceCount];
        double sum = 0;
        for (int i = 0; i < serviceCount; i++) {
            services[i] = String.format("service-%02d", i);
            for (int t = 0; t < tasks[i].length; t++) {
                tasks[i][t] = String.format("%016x%016x", random.nextLong(), random.nextLong());
            }
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        for (int i = 0; i < serviceCount; i++) {
            cumulative[i] /= sum;
        }
        totals = new ServiceTotals(services);
    }

    String[] services() {
        return services.clone();
    }

    ServiceTotals totals() {
        return totals;
    }

    /** The next service by the Zipf weights. */
    int nextService() {
        double u = random.nextDouble();
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    String service(int index) {
        return services[index];
    }

    /** One request event of the service at {@code ts}, counted in {@link #totals()}. */
    byte[] request(int service, long ts) {
        long latencyMs = Math.min(30_000, Math.round(Math.exp(Math.log(60) + 0.9 * random.nextGaussian())));
        double u = random.nextDouble();
        int status = u < 0.01 ? (u < 0.005 ? 503 : 500) : u < 0.03 ? 404 : 200;
        long bytes = status == 200 ? Math.round(Math.exp(Math.log(30_000) + 0.7 * random.nextGaussian())) : 180;
        totals.add(service, latencyMs, status >= 500, bytes);
        json.setLength(0);
        json.append("{\"v\":1,\"service\":\"").append(services[service])
                .append("\",\"ts\":").append(ts)
                .append(",\"latencyMs\":").append(latencyMs)
                .append(",\"status\":").append(status)
                .append(",\"bytes\":").append(bytes)
                .append(",\"task\":\"").append(tasks[service][random.nextInt(tasks[service].length)])
                .append("\"}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
