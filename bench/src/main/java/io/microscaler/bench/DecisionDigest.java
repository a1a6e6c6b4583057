package io.microscaler.bench;

import io.microscaler.decision.Decision;
import io.microscaler.evaluate.OwnedService;
import io.microscaler.window.WindowSnapshot;
import io.microscaler.window.SpanStats;
import io.microscaler.window.WorkStats;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 digests of what a run decided, so that a change made for speed can be shown to change no
 * decision: run the benchmark before and after with the same options and compare the lines.
 *
 * <ul>
 *   <li>published: every published decision in full (counts, policy, reason, message, inputs,
 *       recommendations), inputs in key order (an immutable map's order differs per JVM);</li>
 *   <li>evaluated: every service's evaluation each tick (from, to, policy, reason);</li>
 *   <li>figures: every figure of the stable and panic spans each service's policy read, each tick
 *       (the window's state, each span's length, counts, and the bits of each double).</li>
 * </ul>
 * Times are printed as seconds after the simulated start, so the digests do not depend on it.
 */
final class DecisionDigest {

    private final long startSecond;
    private final MessageDigest published = sha256();
    private final MessageDigest evaluated = sha256();
    private final MessageDigest figures = sha256();
    private long decisions;
    private final ByteBuffer line = ByteBuffer.allocate(512);
    private final Map<String, byte[]> textBytes = new HashMap<>();

    DecisionDigest(long startSecond) {
        this.startSecond = startSecond;
    }

    void tick(List<Decision> publishedNow, List<OwnedService> services) {
        for (Decision d : publishedNow) {
            decisions++;
            update(published, d.service() + '@' + (d.at().toEpochMilli() - startSecond * 1000) + '#' + d.seq() + ' '
                    + d.from() + "->" + d.to() + ' ' + d.policy() + ' ' + d.reason() + " '" + d.message() + "' "
                    + new TreeMap<>(d.inputs()) + ' ' + d.recommendations());
        }
        // 10,000 services a tick: their evaluations and figures go in as raw values (a double's bits
        // say as much as its shortest decimal text), not as text, whose making was most of what the
        // whole run allocated and so set how often the collector paused, ticks included
        for (OwnedService s : services) {
            Decision e = s.lastEvaluation();
            line.clear();
            if (e == null) {
                line.put((byte) '-');
            } else {
                line.putInt(e.from()).putInt(e.to()).putInt(e.reason().ordinal());
                putText(e.policy());
            }
            update(evaluated);
            WindowSnapshot w = s.lastSnapshot();
            line.clear();
            if (w == null) {
                line.put((byte) '-');
            } else {
                line.putInt(w.state().ordinal());
                put(w.stable());
                put(w.panic());
            }
            update(figures);
        }
    }

    private void put(SpanStats span) {
        line.putLong(span.span().getSeconds()).putInt(span.span().getNano())
                .putLong(span.count()).putLong(span.errors())
                .putDouble(span.rate()).putDouble(span.concurrency())
                .putDouble(span.p50Ms()).putDouble(span.p95Ms()).putDouble(span.p99Ms())
                .putDouble(span.errorRatio()).putLong(span.bytes()).putDouble(span.inFlight());
        WorkStats work = span.work();
        line.putDouble(work.serviceMs()).putDouble(work.serviceCoverage()).putDouble(work.baselineLatencyMs())
                .putDouble(work.backlog()).putDouble(work.backlogGrowthPerSecond());
    }

    /** A policy's name, its length first; the names are few, so each one's bytes are made once. */
    private void putText(String text) {
        byte[] bytes = textBytes.computeIfAbsent(text, t -> t.getBytes(StandardCharsets.UTF_8));
        line.putInt(bytes.length).put(bytes);
    }

    private void update(MessageDigest digest) {
        line.put((byte) '\n');
        digest.update(line.array(), 0, line.position());
    }

    String describe() {
        return "digests (compare runs with the same options): published " + decisions + " decisions "
                + hex(published) + ", evaluations " + hex(evaluated) + ", figures " + hex(figures);
    }

    private static void update(MessageDigest digest, String line) {
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }

    private static String hex(MessageDigest digest) {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest()).substring(0, 16);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
