package io.microscaler.localcloud;

/**
 * An error in AWS's own terms: the code the SDK maps to its exception type
 * ({@code ServiceNotFoundException}, {@code TargetGroupNotFound}, {@code ThrottlingException} …),
 * a message, the HTTP status, and whether the caller ({@code Sender}/client) or AWS
 * ({@code Receiver}/server) is at fault.
 */
public final class AwsError extends RuntimeException {

    private final String code;
    private final int status;
    private final boolean senderFault;

    public AwsError(String code, String message, int status, boolean senderFault) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.senderFault = senderFault;
    }

    /** A 400 the caller caused, e.g. {@code new AwsError.client("InvalidParameterException", "…")}. */
    public static AwsError client(String code, String message) {
        return new AwsError(code, message, 400, true);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public boolean senderFault() {
        return senderFault;
    }
}
