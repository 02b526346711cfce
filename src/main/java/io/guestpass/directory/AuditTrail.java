package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.guestpass.platform.Caller;
import io.guestpass.platform.RefusalLog;
import io.guestpass.platform.RequestGate;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/** Writes audit events in the caller's transaction: who (token subject and client), what, when, under which request. */
@ApplicationScoped
public class AuditTrail implements RefusalLog {

    /** The action of a refused authorization (section "Who may do what" of the README). */
    public static final String AUTHORIZATION_REFUSED = "authorization.refused";

    private final Clock clock;
    private final Instance<RoutingContext> request;
    private final Mutiny.SessionFactory sessions;

    AuditTrail(Clock clock, Instance<RoutingContext> request, Mutiny.SessionFactory sessions) {
        this.clock = clock;
        this.request = request;
        this.sessions = sessions;
    }

    public Uni<AuditEvent> record(Caller actor, String action, String targetType, Object targetId, Map<String, String> personalData) {
        return event(actor, action, targetType, targetId, personalData).persist();
    }

    /**
     * A refused request is itself an event. Its own work rolls back, so the event is written in a transaction of its own
     * (a stateless session, never the request's); which operation was refused is kept in {@code operation}.
     */
    @Override
    public Uni<Void> recordRefusal(Caller actor, String operation, String targetType, Object targetId) {
        AuditEvent event = event(actor, AUTHORIZATION_REFUSED, targetType, targetId, null);
        event.operation = operation == null || operation.length() <= 128 ? operation : operation.substring(0, 128);
        return sessions.withStatelessTransaction(session -> session.insert(event));
    }

    private AuditEvent event(Caller actor, String action, String targetType, Object targetId, Map<String, String> personalData) {
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
        return event;
    }

    /**
     * Deleting a user erases the addresses and names its events carried; the events themselves stay. The application
     * role may not rewrite audit events itself: the schema owner's function does this one thing (V6).
     */
    public Uni<Long> erasePersonalData(UUID userId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select erase_audit_personal_data(:id)", Long.class)
                .setParameter("id", userId)
                .getSingleResult());
    }

    /** Events that occurred before {@code instant} (never the last 30 days), through the schema owner's function (V6). */
    public Uni<Long> purgeBefore(Instant instant) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select purge_audit_events(:before)", Long.class)
                .setParameter("before", instant.atOffset(ZoneOffset.UTC))
                .getSingleResult());
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
