package io.guestpass.platform;

import java.time.Duration;

/**
 * A failure the client is told about in Graph's error shape. Clients branch on {@link #code()}, people read the message,
 * which names the offending field.
 */
public class GraphException extends RuntimeException {

    private final int status;
    private final String code;
    private final Duration retryAfter;

    public GraphException(int status, String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public GraphException(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** Which field of the request is wrong (Graph's optional {@code target}), or null. */
    private String target;

    public String target() {
        return target;
    }

    /** A value of the named field that the rules refuse (code {@code ValidationError}, the field as {@code target}). */
    public static GraphException validation(String field, String message) {
        GraphException failure = new GraphException(400, "ValidationError", message);
        failure.target = field;
        return failure;
    }

    public static GraphException badRequest(String message) {
        return new GraphException(400, "BadRequest", message);
    }

    public static GraphException unauthorized(String message) {
        return new GraphException(401, "Unauthorized", message);
    }

    public static GraphException forbidden(String message) {
        return new GraphException(403, "Forbidden", message);
    }

    public static GraphException userNotFound(String id) {
        return new GraphException(404, "Request_ResourceNotFound",
                "Resource '" + id + "' does not exist or one of its queried reference-property objects are not present.");
    }

    public static GraphException notFound(String message) {
        return new GraphException(404, "NotFound", message);
    }

    public static GraphException conflict(String message) {
        return new GraphException(409, "Conflict", message);
    }

    public static GraphException conflictRetryLater(String message) {
        return new GraphException(409, "Conflict", message, Duration.ofSeconds(1));
    }

    public static GraphException tooLarge(String message) {
        return new GraphException(413, "RequestEntityTooLarge", message);
    }

    public static GraphException unsupportedMediaType(String message) {
        return new GraphException(415, "UnsupportedMediaType", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
