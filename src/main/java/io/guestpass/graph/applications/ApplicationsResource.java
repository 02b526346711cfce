package io.guestpass.graph.applications;

import io.guestpass.directory.Application;
import io.guestpass.graph.invitations.ValidInvitation;
import io.guestpass.graph.odata.CollectionView;
import io.guestpass.graph.odata.GraphLinks;
import io.guestpass.graph.odata.NoStore;
import io.guestpass.graph.odata.Paging;
import io.guestpass.platform.AuthorizationRefused;
import io.guestpass.platform.Caller;
import io.guestpass.platform.CallerResolver;
import io.guestpass.platform.GraphException;
import io.guestpass.platform.GuestpassConfig;
import io.guestpass.platform.Permissions;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** {@code /v1.0/applications}: register, list, read, change and delete applications; add and remove their secrets. */
@Path("/v1.0/applications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ApplicationsResource {

    private static final String[] READ = { Permissions.APPLICATION_READ_ALL, Permissions.APPLICATION_READWRITE_ALL };

    private final ApplicationService applications;
    private final ApplicationViews views;
    private final CallerResolver callers;
    private final GraphLinks links;
    private final boolean allowHttpLocalhost;

    ApplicationsResource(ApplicationService applications, ApplicationViews views, CallerResolver callers, GraphLinks links,
            GuestpassConfig config) {
        this.applications = applications;
        this.views = views;
        this.callers = callers;
        this.links = links;
        this.allowHttpLocalhost = config.dev().allowHttpLocalhostRedirects();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ApplicationRequest request) {
        Caller caller = mayManage(null, Permissions.APPLICATION_READWRITE_ALL);
        mayGrant(caller, null, request);
        ValidApplication valid = ValidApplication.of(request, true, allowHttpLocalhost);
        return applications.create(caller, valid).map(app -> Response.status(Response.Status.CREATED)
                .header("Location", "/v1.0/applications/" + app.id).entity(views.entity(app)).build());
    }

    @GET
    public Uni<CollectionView<ApplicationView>> list(@QueryParam("$filter") String filter, @QueryParam("$top") String top,
            @QueryParam("$skiptoken") String skipToken) {
        mayManage(null, READ);
        Paging paging = Paging.of(top, skipToken);
        return applications.list(ApplicationFilter.parse(filter), paging).map(page -> {
            String next = null;
            if (page.more()) {
                Application last = page.applications().get(page.applications().size() - 1);
                next = links.nextPage("/applications", filter, paging, last.createdAt, last.id);
            }
            return new CollectionView<>(links.context("applications"), page.applications().stream().map(views::item).toList(), next);
        });
    }

    @GET
    @Path("{id}")
    public Uni<ApplicationView> read(@PathParam("id") String id) {
        UUID applicationId = applicationId(id);
        mayManage(applicationId, READ);
        return applications.read(applicationId).map(views::entity);
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> update(@PathParam("id") String id, ApplicationRequest request) {
        UUID applicationId = applicationId(id);
        Caller caller = mayManage(applicationId, Permissions.APPLICATION_READWRITE_ALL);
        mayGrant(caller, applicationId, request);
        ValidApplication valid = ValidApplication.of(request, false, allowHttpLocalhost);
        return applications.update(caller, applicationId, valid).replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        UUID applicationId = applicationId(id);
        Caller caller = mayManage(applicationId, Permissions.APPLICATION_READWRITE_ALL);
        return applications.delete(caller, applicationId).replaceWith(Response.noContent().build());
    }

    /** 200 with the new secret in {@code secretText}: the only time anyone sees it, so no cache may keep the answer. */
    @POST
    @Path("{id}/addPassword")
    @NoStore
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ApplicationView.PasswordCredential> addPassword(@PathParam("id") String id, PasswordRequests.AddPassword request) {
        UUID applicationId = applicationId(id);
        Caller caller = mayManage(applicationId, Permissions.APPLICATION_READWRITE_ALL);
        PasswordRequests.NewPasswordCredential credential = request == null ? null : request.passwordCredential();
        String displayName = credential == null ? null : ValidInvitation.text(credential.displayName(),
                "passwordCredential.displayName", ValidInvitation.MAX_NAME, false);
        Instant end = credential == null || credential.endDateTime() == null ? null : instant(credential.endDateTime());
        return applications.addPassword(caller, applicationId, displayName, end).map(views::newSecret);
    }

    @POST
    @Path("{id}/removePassword")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> removePassword(@PathParam("id") String id, PasswordRequests.RemovePassword request) {
        UUID applicationId = applicationId(id);
        Caller caller = mayManage(applicationId, Permissions.APPLICATION_READWRITE_ALL);
        if (request == null || request.keyId() == null) {
            throw GraphException.badRequest("keyId is required.");
        }
        UUID keyId;
        try {
            keyId = UUID.fromString(request.keyId());
        } catch (IllegalArgumentException e) {
            throw GraphException.badRequest("keyId must be a GUID.");
        }
        return applications.removePassword(caller, applicationId, keyId).replaceWith(Response.noContent().build());
    }

    /**
     * The permission, and for a person also the Global or Application Administrator role, as Entra asks; checked before
     * the request body, like Graph.
     */
    private Caller mayManage(UUID applicationId, String... anyOfPermissions) {
        Caller caller = callers.require(anyOfPermissions);
        if (!caller.mayManageApplications()) {
            throw AuthorizationRefused.forbidden(caller, "application", applicationId, "Insufficient privileges to complete the "
                    + "operation: applications also need the Global Administrator or Application Administrator role.");
        }
        return caller;
    }

    /** A request that names grantedPermissions (even an empty list) needs a Global Administrator; refused before anything changes. */
    private static void mayGrant(Caller caller, UUID applicationId, ApplicationRequest request) {
        if (request != null && request.grantedPermissions() != null && !caller.mayGrantPermissions()) {
            throw AuthorizationRefused.forbidden(caller, "application", applicationId, "Insufficient privileges to complete the "
                    + "operation: only a Global Administrator may set grantedPermissions.");
        }
    }

    private static UUID applicationId(String id) {
        try {
            if (id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw ApplicationService.notFound(id);
    }

    private static Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw GraphException.badRequest("passwordCredential.endDateTime must be an ISO 8601 date and time such as 2027-01-01T00:00:00Z.");
        }
    }
}
