package io.microscaler.testing;

import static org.awaitility.Awaitility.await;

import io.microscaler.service.Microscaler;
import io.microscaler.config.MicroscalerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Starts a whole microscaler for an integration test and waits until /health/ready says 200. */
public final class Started {

    public static Microscaler ready(MicroscalerConfig config, Clock clock) throws Exception {
        Microscaler microscaler = Microscaler.start(config, clock).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        HttpJson http = new HttpJson(microscaler.httpPort());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health/ready").statusCode() == 200);
        } catch (RuntimeException e) {
            microscaler.close();
            throw e;
        }
        return microscaler;
    }

    private Started() {
    }
}
