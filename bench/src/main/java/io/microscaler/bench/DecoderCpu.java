package io.microscaler.bench;

import io.microscaler.ingest.DecodeResult;
import io.microscaler.ingest.EventDecoder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The decoder's CPU time per record, for a machine too busy for {@link DecoderBenchmarks}' wall-clock
 * times: the same 4,096 records ({@link RequestMix}, as DecoderBenchmarks decodes them), decoded
 * 2,000,000 at a time on one thread, 15 rounds, the thread's CPU time of the last 10. Beside it, the
 * CPU time of a loop that only counts the quotes in the same records: what reading each byte once
 * costs on this machine at this moment, to judge the decoder's figure by.
 *
 * <pre>
 * java -cp target/bench.jar io.microscaler.bench.DecoderCpu     # about 40 s
 * </pre>
 */
public final class DecoderCpu {

    private static final int RECORDS = 4096;
    private static final int PER_ROUND = 2_000_000;

    public static void main(String[] args) {
        EventDecoder decoder = new EventDecoder(1_048_576, 256, Duration.ofSeconds(60));
        RequestMix mix = new RequestMix(50, 11);
        long end = 1_767_225_600_000L;
        byte[][] records = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            records[i] = mix.request(mix.nextService(), end - 55_000 + i * 13L);
        }
        Instant now = Instant.ofEpochMilli(end + 1000);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        StringBuilder decode = new StringBuilder();
        StringBuilder scan = new StringBuilder();
        double bestDecode = Double.MAX_VALUE;
        double bestScan = Double.MAX_VALUE;
        for (int round = 0; round < 15; round++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) {
                DecodeResult r = decoder.decode(EventDecoder.Stream.REQUESTS, records[i & (RECORDS - 1)], now);
                sink += r instanceof DecodeResult.Accepted ? 1 : 0;
            }
            double decodeNs = (threads.getCurrentThreadCpuTime() - t0) / (double) PER_ROUND;
            t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < PER_ROUND; i++) {
                byte[] r = records[i & (RECORDS - 1)];
                for (byte b : r) {
                    if (b == '"') {
                        sink++;
                    }
                }
            }
            double scanNs = (threads.getCurrentThreadCpuTime() - t0) / (double) PER_ROUND;
            if (round >= 5) {
                decode.append(String.format(Locale.ROOT, " %.0f", decodeNs));
                scan.append(String.format(Locale.ROOT, " %.0f", scanNs));
                bestDecode = Math.min(bestDecode, decodeNs);
                bestScan = Math.min(bestScan, scanNs);
            }
        }
        System.out.printf(Locale.ROOT, "decode, CPU ns per record: best %.0f; rounds 6-15:%s%n", bestDecode, decode);
        System.out.printf(Locale.ROOT, "count the quotes of the same bytes, CPU ns per record: best %.0f; rounds 6-15:%s%n",
                bestScan, scan);
        System.out.printf(Locale.ROOT, "(%d)%n", sink % 10);
    }

    private DecoderCpu() {
    }
}
