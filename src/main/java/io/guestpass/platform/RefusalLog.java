package io.guestpass.platform;

import io.smallrye.mutiny.Uni;

/** Where refused authorizations are recorded (the audit trail); platform code names only this. */
public interface RefusalLog {

    /** Records, in a transaction of its own, that the caller was refused this operation on this target. */
    Uni<Void> recordRefusal(Caller caller, String operation, String targetType, Object targetId);
}
