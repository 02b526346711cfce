package io.guestpass.graph.invitations;

import io.guestpass.graph.odata.CollectionView;
import io.guestpass.graph.odata.GraphLinks;
import io.guestpass.graph.odata.NoStore;
import io.guestpass.graph.odata.Paging;
import java.util.List;
import java.util.HashMap;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.Invitation;
import io.guestpass.platform.AuthorizationRefused;
import io.guestpass.platform.Caller;
import io.guestpass.platform.CallerResolver;
import io.guestpass.platform.GraphException;
import io.guestpass.platform.Permissions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code /v1.0/invitations}: create (Graph), and read, list, resend, revoke (ours). */
@Path("/v1.0/invitations")
@NoStore
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class InvitationsResource {

    private static final String[] INVITE = { Permissions.USER_INVITE_ALL, Permissions.USER_READWRITE_ALL };

    private final InvitationService invitations;
    private final InvitationViews views;
    private final Idempotency idempotency;
    private final CallerResolver callers;
    private final GraphLinks links;
    private final Clock clock;

    InvitationsResource(InvitationService invitations, InvitationViews views, Idempotency idempotency, CallerResolver callers,
            GraphLinks links, Clock clock) {
        this.invitations = invitations;
        this.views = views;
        this.idempotency = idempotency;
        this.callers = callers;
        this.links = links;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(InvitationRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Caller caller = callers.require(INVITE);
        Function<InvitationService.Issued, Response> created = issued -> Response.status(Response.Status.CREATED)
                .header("Location", "/v1.0/invitations/" + issued.invitation().id)
                .entity(views.created(issued)).build();
        return idempotency.once(caller, idempotencyKey, "POST /v1.0/invitations", request,
                claim -> invitations.invite(caller, request, issued -> claim.store(created.apply(issued), issued.user().id))
                        .map(created));
    }

    @GET
    @Path("{id}")
    public Uni<InvitationView> read(@PathParam("id") String id) {
        Caller caller = callers.require(INVITE);
        UUID invitationId = invitationId(id);
        return Panache.withSession(() -> Invitation.<Invitation>findById(invitationId).chain(invitation -> {
            if (invitation == null) {
                throw GraphException.notFound("Invitation '" + id + "' does not exist.");
            }
            if (!InvitationService.mayAccess(caller, invitation)) {
                throw AuthorizationRefused.hidden(caller, "invitation", invitation.id, "Invitation '" + id + "' does not exist.");
            }
            return GuestUser.<GuestUser>findById(invitation.userId).map(user -> views.read(invitation, user));
        }));
    }

    @GET
    public Uni<CollectionView<InvitationView>> list(@QueryParam("$filter") String filter, @QueryParam("$top") String top,
            @QueryParam("$skiptoken") String skipToken) {
        Caller caller = callers.require(INVITE);
        Paging paging = Paging.of(top, skipToken);
        InvitationFilter status = InvitationFilter.parse(filter, clock.instant());
        Map<String, Object> params = new HashMap<>(status.params());
        StringBuilder where = new StringBuilder(status.where());
        if (!caller.isPrivileged()) {
            // least privilege: a Guest Inviter (or any other person without an administrator role) lists what they sent
            where.append(where.isEmpty() ? "" : " and ").append("invitedBySubject = :mySubject and ")
                    .append(caller.clientId() == null ? "invitedByClient is null" : "invitedByClient = :myClient");
            params.put("mySubject", caller.subject());
            if (caller.clientId() != null) {
                params.put("myClient", caller.clientId());
            }
        }
        String hql = paging.query("from Invitation", where.toString(), params, "createdAt", "id", false);
        return Panache.withSession(() -> Invitation.<Invitation>find(hql, params).page(0, paging.top() + 1).list()
                .chain(found -> {
                    boolean more = found.size() > paging.top();
                    var page = more ? found.subList(0, paging.top()) : found;
                    var userIds = page.stream().map(i -> i.userId).collect(Collectors.toSet());
                    Uni<List<GuestUser>> usersOfPage = userIds.isEmpty() ? Uni.createFrom().item(List.of())
                            : GuestUser.list("id in ?1", userIds);
                    return usersOfPage.map(users -> {
                        Map<UUID, GuestUser> byId = users.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
                        String next = null;
                        if (more) {
                            Invitation last = page.get(page.size() - 1);
                            next = links.nextPage("/invitations", filter, paging, last.createdAt, last.id);
                        }
                        return new CollectionView<>(links.context("invitations"),
                                page.stream().map(i -> views.item(i, byId.get(i.userId))).toList(), next);
                    });
                }));
    }

    @POST
    @Path("{id}/resend")
    public Uni<Response> resend(@PathParam("id") String id, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Caller caller = callers.require(INVITE);
        UUID invitationId = invitationId(id);
        return idempotency.once(caller, idempotencyKey, "POST /v1.0/invitations/" + invitationId + "/resend", Map.of(),
                claim -> invitations.resend(caller, invitationId,
                                issued -> claim.store(Response.ok(views.created(issued)).build(), issued.user().id))
                        .map(issued -> Response.ok(views.created(issued)).build()));
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> revoke(@PathParam("id") String id) {
        Caller caller = callers.require(INVITE);
        return invitations.revoke(caller, invitationId(id)).replaceWith(Response.noContent().build());
    }

    private static UUID invitationId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw GraphException.notFound("Invitation '" + id + "' does not exist.");
        }
    }
}
