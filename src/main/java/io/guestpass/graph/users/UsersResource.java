package io.guestpass.graph.users;

import io.guestpass.graph.odata.CollectionView;
import io.guestpass.graph.odata.GraphLinks;
import io.guestpass.graph.odata.Paging;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.SignInIdentity;
import io.guestpass.platform.Caller;
import io.guestpass.platform.CallerResolver;
import io.guestpass.platform.GraphException;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /v1.0/users}: read, filter and page guests; update and delete them. */
@Path("/v1.0/users")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {

    private static final String[] READ = { Permissions.USER_READ_ALL, Permissions.USER_READWRITE_ALL };

    private final UserService users;
    private final CallerResolver callers;
    private final GraphLinks links;

    UsersResource(UserService users, CallerResolver callers, GraphLinks links) {
        this.users = users;
        this.callers = callers;
        this.links = links;
    }

    @GET
    public Uni<CollectionView<UserView>> list(@QueryParam("$filter") String filter, @QueryParam("$top") String top,
            @QueryParam("$skiptoken") String skipToken) {
        callers.require(READ);
        Paging paging = Paging.of(top, skipToken);
        return users.list(UserFilter.parse(filter), paging).map(page -> {
            String next = null;
            if (page.more()) {
                GuestUser last = page.users().get(page.users().size() - 1);
                next = links.nextPage("/users", filter, paging, last.createdAt, last.id);
            }
            return new CollectionView<>(links.context("users"),
                    page.users().stream().map(u -> view(null, u, page.identities().getOrDefault(u.id, List.of()))).toList(), next);
        });
    }

    @GET
    @Path("{id}")
    public Uni<UserView> read(@PathParam("id") String id) {
        callers.require(READ);
        return users.read(userId(id)).map(page -> {
            GuestUser user = page.users().get(0);
            return view(links.context("users/$entity"), user, page.identities().getOrDefault(user.id, List.of()));
        });
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> update(@PathParam("id") String id, UserPatch patch) {
        Caller caller = callers.require(Permissions.USER_READWRITE_ALL);
        return users.update(caller, userId(id), patch).replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        Caller caller = callers.require(Permissions.USER_READWRITE_ALL);
        return users.delete(caller, userId(id)).replaceWith(Response.noContent().build());
    }

    /** Graph's revokeSignInSessions: every SSO session and refresh token of the guest ends; answers Edm.Boolean true. */
    @POST
    @Path("{id}/revokeSignInSessions")
    public Uni<Map<String, Object>> revokeSignInSessions(@PathParam("id") String id) {
        Caller caller = callers.require(Permissions.USER_READWRITE_ALL, Permissions.USER_REVOKESESSIONS_ALL);
        return users.revokeSignInSessions(caller, userId(id)).map(v -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("@odata.context", links.context("Edm.Boolean"));
            answer.put("value", true);
            return answer;
        });
    }

    private static UUID userId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw GraphException.userNotFound(id);
        }
    }

    private static UserView view(String context, GuestUser user, List<SignInIdentity> identities) {
        return new UserView(context, user.id.toString(), user.displayName, user.mail, List.of(), user.userType.name(),
                user.userPrincipalName, user.externalUserState == null ? null : user.externalUserState.name(),
                user.externalUserStateChangedAt == null ? null : user.externalUserStateChangedAt.toString(),
                user.creationType.name(), user.createdAt.toString(), user.accountEnabled,
                user.signInSessionsValidFrom == null ? null : user.signInSessionsValidFrom.toString(),
                identities.stream().map(i -> new UserView.Identity(i.signInType, i.issuer, i.issuerAssignedId)).toList(),
                user.attributes);
    }
}
