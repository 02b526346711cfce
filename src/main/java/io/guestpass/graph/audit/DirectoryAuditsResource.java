package io.guestpass.graph.audit;

import io.guestpass.graph.odata.CollectionView;
import io.guestpass.graph.odata.GraphLinks;
import io.guestpass.graph.odata.Paging;
import io.guestpass.directory.AuditEvent;
import io.guestpass.platform.AuthorizationRefused;
import io.guestpass.platform.Caller;
import io.guestpass.platform.CallerResolver;
import io.guestpass.platform.Permissions;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Set;
import java.util.UUID;

/** {@code /v1.0/auditLogs/directoryAudits}: the audit trail as Graph's directoryAudit, newest first. */
@Path("/v1.0/auditLogs/directoryAudits")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DirectoryAuditsResource {

    /** As in Entra: a person reads audit logs only with one of these roles, whatever the app was granted. */
    static final Set<String> READER_ROLES = Set.of("Global Administrator", "Global Reader", "Security Reader", "Reports Reader");

    private final AuditLog auditLog;
    private final DirectoryAuditViews views;
    private final CallerResolver callers;
    private final GraphLinks links;

    DirectoryAuditsResource(AuditLog auditLog, DirectoryAuditViews views, CallerResolver callers, GraphLinks links) {
        this.auditLog = auditLog;
        this.views = views;
        this.callers = callers;
        this.links = links;
    }

    @GET
    public Uni<CollectionView<DirectoryAuditView>> list(@QueryParam("$filter") String filter, @QueryParam("$top") String top,
            @QueryParam("$skiptoken") String skipToken) {
        requireReader();
        Paging paging = Paging.of(top, skipToken);
        return auditLog.list(AuditFilter.parse(filter), paging).map(page -> {
            String next = null;
            if (page.more()) {
                AuditEvent last = page.events().get(page.events().size() - 1);
                next = links.nextPage("/auditLogs/directoryAudits", filter, paging, last.occurredAt, last.id);
            }
            return new CollectionView<>(links.context("auditLogs/directoryAudits"),
                    page.events().stream().map(e -> views.view(e, null)).toList(), next);
        });
    }

    @GET
    @Path("{id}")
    public Uni<DirectoryAuditView> read(@PathParam("id") String id) {
        requireReader();
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw AuditLog.notFound(id);
        }
        return auditLog.read(eventId).map(e -> views.view(e, links.context("auditLogs/directoryAudits/$entity")));
    }

    private void requireReader() {
        Caller caller = callers.require(Permissions.AUDIT_LOG_READ_ALL);
        if (caller.delegated() && caller.directoryRoles().stream().noneMatch(READER_ROLES::contains)) {
            throw AuthorizationRefused.forbidden(caller, "auditLog", null, "Insufficient privileges to complete the operation: reading audit logs also needs "
                    + "the Global Administrator, Global Reader, Security Reader or Reports Reader role.");
        }
    }
}
