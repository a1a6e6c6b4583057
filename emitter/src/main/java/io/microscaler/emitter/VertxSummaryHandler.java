package io.microscaler.emitter;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/**
 * A Vert.x Web handler that counts each request in {@link RequestSummaries}: put it first on the
 * router ({@code router.route().handler(new VertxSummaryHandler(summaries))}). A request counts as
 * in flight from here until its response has ended, with the status sent; one whose connection
 * closed first counts as ended then, with the status set so far. Never blocks.
 */
public final class VertxSummaryHandler implements Handler<RoutingContext> {

    private final RequestSummaries summaries;

    public VertxSummaryHandler(RequestSummaries summaries) {
        this.summaries = Objects.requireNonNull(summaries, "summaries");
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = summaries.begin();
        // called once: when the response has ended, or when the connection closed before
        ctx.addEndHandler(done -> summaries.end(start, ctx.response().getStatusCode()));
        ctx.next();
    }
}
