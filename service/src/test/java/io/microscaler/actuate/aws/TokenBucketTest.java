package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long MS = 1_000_000;
    private static final long T0 = 1_000_000_000_000L;

    @Test
    void aFullBucketLetsTheBurstGoAtOnceThenSpacesCallsByTheRate() {
        TokenBucket bucket = new TokenBucket(20, 40, T0);

        for (int i = 0; i < 40; i++) {
            assertThat(bucket.reserve(T0)).as("call %d", i + 1).isZero();
        }
        // 20/s: one token every 50 ms; waiting callers queue, each one token later.
        assertThat(bucket.reserve(T0)).isEqualTo(50 * MS);
        assertThat(bucket.reserve(T0)).isEqualTo(100 * MS);
        assertThat(bucket.reserve(T0)).isEqualTo(150 * MS);
    }

    @Test
    void refillsWithTimeButNeverBeyondTheBurst() {
        TokenBucket bucket = new TokenBucket(10, 5, T0);
        for (int i = 0; i < 5; i++) {
            bucket.reserve(T0);
        }
        assertThat(bucket.tokens(T0)).isZero();
        assertThat(bucket.tokens(T0 + 250 * MS)).isEqualTo(2.5);
        assertThat(bucket.reserve(T0 + 250 * MS)).isZero();
        assertThat(bucket.reserve(T0 + 250 * MS)).isZero();
        // 0.5 left: the next token is 50 ms away.
        assertThat(bucket.reserve(T0 + 250 * MS)).isEqualTo(50 * MS);
        assertThat(bucket.tokens(T0 + 1_000 * MS * 60)).isEqualTo(5.0);
    }

    @Test
    void theLongRunRateIsTheConfiguredOne() {
        // 1000 calls as fast as allowed: after the burst of 40, the rest are 50 ms apart.
        TokenBucket bucket = new TokenBucket(20, 40, T0);
        long now = T0;
        for (int i = 0; i < 1000; i++) {
            now += bucket.reserve(now);
        }
        assertThat(now - T0).isEqualTo(960 * 50 * MS);
    }

    @Test
    void aReleasedReservationShortensTheNextWait() {
        TokenBucket bucket = new TokenBucket(1, 1, T0);
        assertThat(bucket.reserve(T0)).isZero();
        assertThat(bucket.reserve(T0)).isEqualTo(1_000 * MS);
        bucket.release(T0);
        assertThat(bucket.reserve(T0)).isEqualTo(1_000 * MS);
    }

    @Test
    void anOlderNowDoesNotTakeTokensBack() {
        TokenBucket bucket = new TokenBucket(10, 1, T0);
        bucket.reserve(T0);
        assertThat(bucket.tokens(T0 + 100 * MS)).isEqualTo(1.0);
        assertThat(bucket.tokens(T0 + 50 * MS)).isEqualTo(1.0);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, T0)).hasMessage("perSecond must be > 0 and finite, but was 0.0");
        assertThatThrownBy(() -> new TokenBucket(Double.NaN, 1, T0)).hasMessageStartingWith("perSecond must be > 0");
        assertThatThrownBy(() -> new TokenBucket(1, 0, T0)).hasMessage("burst must be >= 1, but was 0");
    }
}
