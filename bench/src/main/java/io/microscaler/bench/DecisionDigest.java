package io.microscaler.bench;

import io.microscaler.decision.Decision;
import io.microscaler.evaluate.OwnedService;
import io.microscaler.window.WindowSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * SHA-256 digests of what a run decided, so that a change made for speed can be shown to change no
 * decision: run the benchmark before and after with the same options and compare the lines.
 *
 * <ul>
 *   <li>published: every published decision in full (counts, policy, reason, message, inputs,
 *       recommendations), inputs in key order (an immutable map's order differs per JVM);</li>
 *   <li>evaluated: every service's evaluation each tick (from, to, policy, reason);</li>
 *   <li>figures: every figure of the stable and panic spans each service's policy read, each tick.</li>
 * </ul>
 * Times are printed as seconds after the simulated start, so the digests do not depend on it.
 */
final class DecisionDigest {

    private final long startSecond;
    private final MessageDigest published = sha256();
    private final MessageDigest evaluated = sha256();
    private final MessageDigest figures = sha256();
    private long decisions;

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
        for (OwnedService s : services) {
            Decision e = s.lastEvaluation();
            update(evaluated, e == null ? "-" : e.from() + "->" + e.to() + ' ' + e.policy() + ' ' + e.reason());
            WindowSnapshot w = s.lastSnapshot();
            update(figures, w == null ? "-" : w.state() + " " + w.stable() + ' ' + w.panic());
        }
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
