package io.microscaler.bench;

import io.microscaler.ingest.DecodeResult;
import io.microscaler.ingest.EventDecoder;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: one request event decoded, as {@link IngestThroughput} sends them ({@link RequestMix}: 50
 * services, 133 bytes on average), by the decoder as it is ({@code plain}: {@code PlainEventReader}
 * first) and by the decoder with Jackson alone ({@code jackson}: the decoder before issue 20's
 * reader), side by side. Each invocation decodes the next of 4,096 records.
 *
 * <pre>
 * java -cp target/bench.jar org.openjdk.jmh.Main DecoderBenchmarks      # about 40 s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class DecoderBenchmarks {

    private static final int RECORDS = 4096;

    private final EventDecoder plain = new EventDecoder(1_048_576, 256, Duration.ofSeconds(60));
    private final EventDecoder jackson = EventDecoder.jacksonOnly(1_048_576, 256, Duration.ofSeconds(60));
    private byte[][] records;
    private Instant now;
    private int next;

    @Setup
    public void records() {
        RequestMix mix = new RequestMix(50, 11);
        long end = 1_767_225_600_000L;
        records = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            records[i] = mix.request(mix.nextService(), end - 55_000 + i * 13L);
        }
        now = Instant.ofEpochMilli(end + 1000);
        for (byte[] r : records) { // both must accept every record: a benchmark of refusals would flatter
            if (!(plain.decode(EventDecoder.Stream.REQUESTS, r, now) instanceof DecodeResult.Accepted)
                    || !(jackson.decode(EventDecoder.Stream.REQUESTS, r, now) instanceof DecodeResult.Accepted)) {
                throw new IllegalStateException("refused: " + new String(r, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    @Benchmark
    public DecodeResult plain() {
        return plain.decode(EventDecoder.Stream.REQUESTS, records[next++ & (RECORDS - 1)], now);
    }

    @Benchmark
    public DecodeResult jackson() {
        return jackson.decode(EventDecoder.Stream.REQUESTS, records[next++ & (RECORDS - 1)], now);
    }
}
