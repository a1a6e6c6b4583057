package io.microscaler.localcloud.query;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.AwsRequest;
import io.microscaler.localcloud.AwsResponse;
import io.vertx.core.buffer.Buffer;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The awsQuery protocol of one service: which requests are its ({@code Version} in the form or the
 * SigV4 signing service), what operation they call, and the XML its answers and errors take.
 *
 * @param api            the prefix of operation names, e.g. {@code elbv2} in {@code elbv2:RegisterTargets}
 * @param version        the API version every request's form carries, e.g. {@code 2015-12-01}
 * @param signingService the service in the SigV4 credential scope, e.g. {@code elasticloadbalancing}
 * @param namespace      the XML namespace of responses
 * @param actions        the actions emulated; any other is AWS's {@code InvalidAction}
 */
public record QueryProtocol(String api, String version, String signingService, String namespace, Set<String> actions) {

    public static final String CONTENT_TYPE = "text/xml";

    public QueryProtocol {
        actions = Set.copyOf(actions);
    }

    /** Whether the request is signed for this service or its form names this API version. */
    public boolean serves(AwsRequest request) {
        if (signingService.equals(request.signingService())) {
            return true;
        }
        String contentType = request.header("content-type");
        if (contentType != null && !contentType.startsWith("application/x-www-form-urlencoded")) {
            return false;
        }
        return version.equals(QueryForm.parse(request.body()).version());
    }

    /** {@code api:Action} for an emulated action; else {@code InvalidAction}, as AWS answers. */
    public String operation(QueryForm form) {
        String action = form.action();
        if (!actions.contains(action)) {
            throw AwsError.client("InvalidAction",
                    "Could not find operation " + action + " for version " + version);
        }
        return api + ":" + action;
    }

    /**
     * {@code <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…</ResponseMetadata></ActionResponse>}
     * with a new request id.
     *
     * @param result writes the members of the result element
     */
    public AwsResponse ok(String action, Consumer<XmlWriter> result) {
        XmlWriter xml = new XmlWriter().start(action + "Response", namespace).start(action + "Result");
        result.accept(xml);
        xml.end().start("ResponseMetadata").element("RequestId", UUID.randomUUID().toString()).end().end();
        return new AwsResponse(200, CONTENT_TYPE, Buffer.buffer(xml.xml()));
    }

    /** {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}. */
    public AwsResponse error(AwsError error, String requestId) {
        String xml = new XmlWriter().start("ErrorResponse", namespace)
                .start("Error")
                .element("Type", error.senderFault() ? "Sender" : "Receiver")
                .element("Code", error.code())
                .element("Message", error.getMessage())
                .end()
                .element("RequestId", requestId)
                .end()
                .xml();
        return new AwsResponse(error.status(), CONTENT_TYPE, Buffer.buffer(xml));
    }
}
