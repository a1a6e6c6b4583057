package io.microscaler.localcloud.query;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.AwsRequest;
import io.microscaler.localcloud.AwsResponse;
import io.microscaler.localcloud.EmulatedApi;
import io.vertx.core.Future;

/**
 * An emulated API on the awsQuery protocol: what ELBv2 and Auto Scaling share. The form is parsed
 * and its action checked against the protocol's list; the subclass only dispatches the action.
 */
public abstract class QueryApi implements EmulatedApi {

    private final QueryProtocol protocol;

    protected QueryApi(QueryProtocol protocol) {
        this.protocol = protocol;
    }

    /**
     * Answers one known action of the protocol.
     *
     * @throws AwsError for an error in AWS's shape
     */
    protected abstract AwsResponse dispatch(QueryForm form);

    @Override
    public final boolean serves(AwsRequest request) {
        return protocol.serves(request);
    }

    @Override
    public final String operation(AwsRequest request) {
        return protocol.operation(QueryForm.parse(request.body()));
    }

    @Override
    public final Future<AwsResponse> handle(AwsRequest request) {
        try {
            QueryForm form = QueryForm.parse(request.body());
            protocol.operation(form); // refuses an action the protocol does not list
            return Future.succeededFuture(dispatch(form));
        } catch (AwsError e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public final AwsResponse error(AwsError error, String requestId) {
        return protocol.error(error, requestId);
    }
}
