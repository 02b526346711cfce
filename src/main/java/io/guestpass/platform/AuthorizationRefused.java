package io.guestpass.platform;

/**
 * An authenticated caller may not do this. Every refusal leaves through this one exception so that its mapper records it
 * in the audit trail (in a transaction of its own: the request's own work rolls back) before answering in Graph's shape.
 * A refusal about something the caller may not even see answers 404, as Graph does not reveal what one cannot read.
 */
public final class AuthorizationRefused extends GraphException {

    private final Caller caller;
    private final String targetType;
    private final Object targetId;

    private AuthorizationRefused(int status, String code, String message, Caller caller, String targetType, Object targetId) {
        super(status, code, message);
        this.caller = caller;
        this.targetType = targetType;
        this.targetId = targetId;
    }

    /** 403: the caller lacks the permission or the role. */
    public static AuthorizationRefused forbidden(Caller caller, String targetType, Object targetId, String message) {
        return new AuthorizationRefused(403, "Forbidden", message, caller, targetType, targetId);
    }

    /** 404: the caller may not see this object at all, so it does not exist for them. */
    public static AuthorizationRefused hidden(Caller caller, String targetType, Object targetId, String notFoundMessage) {
        return new AuthorizationRefused(404, "NotFound", notFoundMessage, caller, targetType, targetId);
    }

    public Caller caller() {
        return caller;
    }

    public String targetType() {
        return targetType;
    }

    public Object targetId() {
        return targetId;
    }
}
