package io.microscaler.localcloud;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request body up to a limit, in memory bounded by that limit whatever the client sends.
 * {@code request.body()} buffers all of it: a 300 MB POST took the local cloud's heap from 82 to
 * 658 MB. Here a body declared larger ({@code Content-Length}) is refused with 413 before a byte of
 * it is read; a body that turns out larger (chunked) is refused when it crosses the limit, and what
 * was kept of it is dropped. Either way the rest of the body is read and discarded, not kept, so the
 * client that is still sending gets to read the 413 instead of a reset connection, and the
 * connection is closed once the request ends (the answer says {@code Connection: close}).
 */
final class BoundedBody {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedBody.class);

    private final HttpServerRequest http;
    private final long limit;
    private Buffer kept = Buffer.buffer();
    private long received;
    private boolean refused;

    private BoundedBody(HttpServerRequest http, long limit) {
        this.http = http;
        this.limit = limit;
    }

    /** Calls {@code then} with the whole body once it is in, if it is at most {@code limit} bytes; else answers 413. */
    static void read(HttpServerRequest http, long limit, Handler<Buffer> then) {
        BoundedBody body = new BoundedBody(http, limit);
        long declared = declaredLength(http);
        if (declared > limit) {
            body.refuse("declares " + declared + " bytes (Content-Length)");
        }
        http.handler(body::chunk);
        http.exceptionHandler(e -> LOG.debug("request body failed", e));
        http.endHandler(v -> {
            if (body.refused) {
                http.connection().close();
            } else {
                Buffer whole = body.kept;
                body.kept = null;
                then.handle(whole);
            }
        });
    }

    private void chunk(Buffer chunk) {
        received += chunk.length();
        if (refused) {
            return; // discarded: counted only
        }
        if (received > limit) {
            kept = null;
            refuse("is over " + limit + " bytes after " + received + " bytes (chunked, no Content-Length)");
            return;
        }
        kept.appendBuffer(chunk);
    }

    private void refuse(String why) {
        refused = true;
        kept = null;
        HttpServerResponse response = http.response();
        if (response.ended() || response.closed()) {
            return;
        }
        String message = "The request body " + why + "; the local cloud reads at most " + limit + " bytes of a"
                + " request body (" + http.method() + " " + http.path() + "). The rest is discarded unread.";
        LOG.debug("413 for {} {}: {}", http.method(), http.path(), message);
        response.setStatusCode(413)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(new JsonObject().put("__type", "RequestEntityTooLargeException").put("message", message).toBuffer());
    }

    /** The Content-Length, or -1 when there is none (chunked) or it is not a number (the server refuses those itself). */
    private static long declaredLength(HttpServerRequest http) {
        String value = http.getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
