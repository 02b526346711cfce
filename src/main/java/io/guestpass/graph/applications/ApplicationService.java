package io.guestpass.graph.applications;

import io.guestpass.directory.Application;
import io.guestpass.directory.Constraints;
import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.DirectoryRuleException;
import io.guestpass.graph.odata.Paging;
import io.guestpass.platform.Caller;
import io.guestpass.platform.GraphException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Registers, reads, changes and deletes applications and their secrets. Each change is one transaction with its audit
 * event (never a secret in it); changes to one application are serialised on its row, so that two secrets added at the
 * same moment are both kept.
 */
@ApplicationScoped
public class ApplicationService {

    /** One page of applications, and whether more follow. */
    public record Page(List<Application> applications, boolean more) {
    }

    /** The database's name for "another application holds this identifier URI" (V7). */
    static final String IDENTIFIER_URI_TAKEN = "application_identifier_uri_pkey";

    private final AuditTrail audit;
    private final Clock clock;

    ApplicationService(AuditTrail audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A public client known in advance (development's sample application): created with this client id when missing, put
     * back to exactly these redirect URIs otherwise, so restarting never duplicates it.
     */
    public Uni<Void> ensurePublicClient(UUID clientId, String name, List<String> redirectUris) {
        return Panache.withTransaction(() -> Application.findByAppId(clientId.toString()).chain(found -> {
            Application app = found != null ? found : Application.registered(name, clock.instant());
            app.describePublicClient(clientId, name, redirectUris);
            // a found application is managed: its changes are flushed with the transaction
            return found != null ? Uni.createFrom().voidItem() : app.persist().replaceWithVoid();
        }));
    }

    public Uni<Application> create(Caller caller, ValidApplication valid) {
        Application app = Application.registered(valid.displayName(), clock.instant());
        valid.applyTo(app);
        return Panache.withTransaction(() -> app.<Application>persist()
                        .call(() -> audit.record(caller, "application.created", "application", app.id, null)))
                .onFailure(ApplicationService::identifierUriTaken).transform(e -> identifierUriConflict());
    }

    public Uni<Page> list(ApplicationFilter filter, Paging paging) {
        Map<String, Object> params = new HashMap<>(filter.params());
        String hql = paging.query("from Application a", filter.where(), params, "a.createdAt", "a.id", false);
        return Panache.withSession(() -> Application.<Application>find(hql, params).page(0, paging.top() + 1).list()
                .map(found -> {
                    boolean more = found.size() > paging.top();
                    return new Page(more ? found.subList(0, paging.top()) : found, more);
                }));
    }

    public Uni<Application> read(UUID id) {
        return Panache.withSession(() -> Application.<Application>findById(id).map(app -> found(app, id)));
    }

    public Uni<Void> update(Caller caller, UUID id, ValidApplication valid) {
        return change(caller, id, "application.updated", app -> {
                    valid.applyTo(app);
                    return app;
                })
                .onFailure(ApplicationService::identifierUriTaken).transform(e -> identifierUriConflict())
                .replaceWithVoid();
    }

    /** Its secrets and identifier URIs go with the row. */
    public Uni<Void> delete(Caller caller, UUID id) {
        return Panache.withTransaction(() -> Application.<Application>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .chain(app -> found(app, id).delete())
                .chain(() -> audit.record(caller, "application.deleted", "application", id, null)))
                .replaceWithVoid();
    }

    public Uni<Application.NewSecret> addPassword(Caller caller, UUID id, String displayName, Instant endDateTime) {
        Instant now = clock.instant();
        return change(caller, id, "application.passwordAdded", app -> {
            try {
                return app.addPassword(displayName, endDateTime, now);
            } catch (IllegalArgumentException e) {
                throw GraphException.badRequest(e.getMessage());
            } catch (DirectoryRuleException e) {
                throw GraphException.conflict(e.getMessage());
            }
        });
    }

    public Uni<Void> removePassword(Caller caller, UUID id, UUID keyId) {
        return change(caller, id, "application.passwordRemoved", app -> {
            if (!app.removePassword(keyId)) {
                throw GraphException.notFound("Application '" + id + "' has no password credential with keyId '" + keyId + "'.");
            }
            return app;
        }).replaceWithVoid();
    }

    /** Edits one application under its row lock and records the action in the same transaction. */
    private <T> Uni<T> change(Caller caller, UUID id, String action, Function<Application, T> edit) {
        return Panache.withTransaction(() -> Application.<Application>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .map(app -> found(app, id))
                .chain(app -> {
                    T result = edit.apply(app);
                    return audit.record(caller, action, "application", app.id, null).replaceWith(result);
                }));
    }

    private static Application found(Application app, UUID id) {
        if (app == null) {
            throw notFound(id.toString());
        }
        return app;
    }

    static GraphException notFound(String id) {
        return GraphException.notFound("Application '" + id + "' does not exist.");
    }

    private static GraphException identifierUriConflict() {
        return GraphException.conflict("identifierUris: another application already uses one of these identifier URIs.");
    }

    private static boolean identifierUriTaken(Throwable failure) {
        return Constraints.violated(failure, IDENTIFIER_URI_TAKEN);
    }
}
