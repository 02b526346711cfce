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
import java.time.Instant;
import java.time.ZoneOffset;
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
        event.action = action;
        event.targetType = targetType;
        event.targetId = targetId == null ? null : targetId.toString();
        event.requestId = currentRequestId();
        event.personalData = personalData == null || personalData.isEmpty() ? null : personalData;
        return event.persist();
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
