package io.microscaler.localcloud;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * One HTTP request as an AWS protocol sees it.
 *
 * @param headers        header names in lower case
 * @param signingService the service named in the SigV4 credential scope of the
 *                       {@code Authorization} header ({@code ecs}, {@code elasticloadbalancing},
 *                       {@code autoscaling}), or empty when unsigned
 */
public record AwsRequest(Map<String, String> headers, Buffer body, String signingService) {

    public AwsRequest {
        headers = Map.copyOf(headers);
    }

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}
