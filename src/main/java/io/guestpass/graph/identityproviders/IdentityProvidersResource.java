package io.guestpass.graph.identityproviders;

import io.guestpass.federation.IdentityProviders;
import io.guestpass.graph.odata.CollectionView;
import io.guestpass.graph.odata.GraphLinks;
import io.guestpass.platform.AuthorizationRefused;
import io.guestpass.platform.Caller;
import io.guestpass.platform.CallerResolver;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * {@code /v1.0/identity/identityProviders}: the providers people may sign up with. Built-in ones (Microsoft account, email
 * one-time passcode) are always listed and never deleted; (ours) an administrator may disable one for sign-up (invitation
 * redemption is not affected). Google, Facebook and OpenID Connect providers are configured here, their client secret
 * write-only. Listing a provider does not offer it to people: journeys offer only the providers they can run
 * ({@link IdentityProviders}).
 */
@Path("/v1.0/identity/identityProviders")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class IdentityProvidersResource {

    private static final String[] READ = { Permissions.IDENTITY_PROVIDER_READ_ALL, Permissions.IDENTITY_PROVIDER_READWRITE_ALL };

    private final IdentityProviderService service;
    private final IdentityProviders providers;
    private final ConfiguredProviderViews views;
    private final CallerResolver callers;
    private final GraphLinks links;

    IdentityProvidersResource(IdentityProviderService service, IdentityProviders providers, ConfiguredProviderViews views,
            CallerResolver callers, GraphLinks links) {
        this.service = service;
        this.providers = providers;
        this.views = views;
        this.callers = callers;
        this.links = links;
    }

    @GET
    public Uni<CollectionView<ProviderView>> list() {
        mayManage(READ);
        return service.list().map(all -> new CollectionView<>(links.context("identity/identityProviders"), all, null));
    }

    @GET
    @Path("availableProviderTypes")
    public Map<String, Object> availableProviderTypes() {
        mayManage(READ);
        return Map.of("@odata.context", links.context("Collection(Edm.String)"), "value", providers.availableTypes());
    }

    @GET
    @Path("{id}")
    public Uni<ProviderView> get(@PathParam("id") String id) {
        mayManage(READ);
        return service.get(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(IdentityProviderRequest request) {
        return service.create(mayManage(Permissions.IDENTITY_PROVIDER_READWRITE_ALL), request)
                .map(provider -> Response.status(Response.Status.CREATED)
                        .header("Location", links.api("/identity/identityProviders/" + provider.id)).entity(views.of(provider)).build());
    }

    /** A built-in provider's {@code state}; a configured provider's settings. */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> patch(@PathParam("id") String id, IdentityProviderRequest request) {
        return service.update(mayManage(Permissions.IDENTITY_PROVIDER_READWRITE_ALL), id, request).replaceWith(Response.noContent().build());
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(mayManage(Permissions.IDENTITY_PROVIDER_READWRITE_ALL), id).replaceWith(Response.noContent().build());
    }

    private Caller mayManage(String... anyOfPermissions) {
        Caller caller = callers.require(anyOfPermissions);
        if (!caller.mayManageIdentityProviders()) {
            throw AuthorizationRefused.forbidden(caller, IdentityProviderService.TARGET, null, "Insufficient privileges to complete the "
                    + "operation: identity providers also need the Global Administrator or External Identity Provider Administrator role.");
        }
        return caller;
    }
}
