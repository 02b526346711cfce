package io.guestpass.graph.identityproviders;

import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.IdentityProviderState;
import io.guestpass.federation.IdentityProvider;
import io.guestpass.federation.IdentityProviders;
import io.guestpass.graph.odata.CollectionView;
import io.guestpass.graph.odata.GraphLinks;
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
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1.0/identity/identityProviders}: the providers people may sign up with. Today only built-in ones, always listed,
 * never deleted; (ours) an administrator may disable one for sign-up (invitation redemption is not affected). Provider
 * types that need configuration (Google, Facebook, OpenID Connect, email one-time passcode) join the registry later.
 */
@Path("/v1.0/identity/identityProviders")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class IdentityProvidersResource {

    private static final String[] READ = { Permissions.IDENTITY_PROVIDER_READ_ALL, Permissions.IDENTITY_PROVIDER_READWRITE_ALL };

    private final IdentityProviders providers;
    private final CallerResolver callers;
    private final GraphLinks links;
    private final AuditTrail audit;
    private final Clock clock;

    IdentityProvidersResource(IdentityProviders providers, CallerResolver callers, GraphLinks links, AuditTrail audit, Clock clock) {
        this.providers = providers;
        this.callers = callers;
        this.links = links;
        this.audit = audit;
        this.clock = clock;
    }

    @GET
    public Uni<CollectionView<IdentityProviderView>> list() {
        mayManage(READ);
        return Panache.withSession(IdentityProviderState::disabledIds).map(disabled -> new CollectionView<>(
                links.context("identity/identityProviders"), providers.all().stream().map(p -> IdentityProviderView.of(p, disabled)).toList(), null));
    }

    @GET
    @Path("availableProviderTypes")
    public Map<String, Object> availableProviderTypes() {
        mayManage(READ);
        return Map.of("@odata.context", links.context("Collection(Edm.String)"),
                "value", providers.all().stream().map(IdentityProvider::type).distinct().toList());
    }

    @GET
    @Path("{id}")
    public Uni<IdentityProviderView> get(@PathParam("id") String id) {
        mayManage(READ);
        IdentityProvider provider = known(id);
        return Panache.withSession(IdentityProviderState::disabledIds).map(disabled -> IdentityProviderView.of(provider, disabled));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> patch(@PathParam("id") String id, IdentityProviderView.Patch patch) {
        Caller caller = mayManage(Permissions.IDENTITY_PROVIDER_READWRITE_ALL);
        IdentityProvider provider = known(id);
        if (patch == null || patch.state() == null || !List.of("enabled", "disabled").contains(patch.state())) {
            throw GraphException.badRequest("state must be enabled or disabled; a built-in provider has nothing else to change.");
        }
        boolean enabled = patch.state().equals("enabled");
        return Panache.withTransaction(() -> IdentityProviderState.set(provider.id(), enabled, clock.instant())
                .call(() -> audit.record(caller, enabled ? "identityProvider.enabled" : "identityProvider.disabled",
                        "identityProvider", provider.id(), null)))
                .replaceWith(Response.noContent().build());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Map<String, Object> body) {
        mayManage(Permissions.IDENTITY_PROVIDER_READWRITE_ALL);
        throw GraphException.badRequest("No configurable identity provider type is available yet: the available types are "
                + String.join(", ", providers.all().stream().map(IdentityProvider::type).distinct().toList()) + ", which are built in.");
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        mayManage(Permissions.IDENTITY_PROVIDER_READWRITE_ALL);
        known(id);
        throw GraphException.badRequest("Built-in identity provider '" + id + "' cannot be deleted; set its state to disabled instead.");
    }

    private IdentityProvider known(String id) {
        return providers.byId(id).orElseThrow(() -> GraphException.notFound("Identity provider '" + id + "' does not exist."));
    }

    private Caller mayManage(String... anyOfPermissions) {
        Caller caller = callers.require(anyOfPermissions);
        if (!caller.mayManageIdentityProviders()) {
            throw AuthorizationRefused.forbidden(caller, "identityProvider", null, "Insufficient privileges to complete the "
                    + "operation: identity providers also need the Global Administrator or External Identity Provider Administrator role.");
        }
        return caller;
    }
}
