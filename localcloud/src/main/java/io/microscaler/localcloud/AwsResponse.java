package io.microscaler.localcloud;

import io.vertx.core.buffer.Buffer;

/** One HTTP response in a protocol's shape. */
public record AwsResponse(int status, String contentType, Buffer body) {
}
