package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.guestpass.platform.Caller;
import io.guestpass.platform.RequestGate;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/** Writes audit events in the caller's transaction: who (token subject and client), what, when, under which request. */
@ApplicationScoped
public class AuditTrail {

    private final Clock clock;
    private final Instance<RoutingContext> request;

    AuditTrail(Clock clock, Instance<RoutingContext> request) {
        this.clock = clock;
        this.request = request;
    }

    public Uni<AuditEvent> record(Caller actor, String action, String targetType, Object targetId, Map<String, String> personalData) {
        AuditEvent event = new AuditEvent();
        event.id = UUID.randomUUID();
        event.occurredAt = clock.instant();
        event.actorSubject = actor == null ? null : actor.subject();
        event.actorClient = actor == null ? null : actor.clientId();
        event.actorType = actor == null ? null : actor.isApplication() ? AuditEvent.APPLICATION : AuditEvent.USER;
        event.action = action;
        event.targetType = targetType;
        event.targetId = targetId == null ? null : targetId.toString();
        event.requestId = currentRequestId();
        event.userId = concernedUser(targetType, event.targetId, personalData);
        event.personalData = personalData == null || personalData.isEmpty() ? null : personalData;
        return event.persist();
    }

    /** Deleting a user erases the addresses and names its events carried; the events themselves stay. */
    public Uni<Integer> erasePersonalData(UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update audit_event set personal_data = null where target_id = :id or personal_data ->> 'userId' = :id")
                .setParameter("id", userId.toString())
                .executeUpdate());
    }

    /** The user an event is about: its target when that is a user, else the {@code userId} the event names. */
    private static UUID concernedUser(String targetType, String targetId, Map<String, String> personalData) {
        String id = "user".equals(targetType) ? targetId : personalData == null ? null : personalData.get("userId");
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException notAUserId) {
            return null;
        }
    }

    private String currentRequestId() {
        if (Vertx.currentContext() == null) {
            return null;
        }
        try {
            return request.get().get(RequestGate.REQUEST_ID);
        } catch (RuntimeException notInARequest) {
            return null;
        }
    }
}
