package io.microscaler.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging down to warnings, so the results block is not buried under start-up and rebalance lines
 * ({@code -Dquiet=false} keeps the usual logging, to see what happened when).
 */
final class Quiet {

    static void logs() {
        if (!Boolean.parseBoolean(System.getProperty("quiet", "true"))) {
            return;
        }
        for (String name : new String[] {"io.microscaler", "org.apache.kafka", "kafka", "io.vertx", "io.netty", "io.micrometer"}) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
        }
    }

    private Quiet() {
    }
}
