package io.guestpass.federation;

import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One provider configuration, one round trip per journey. A provider is configured once (the quarkus-oidc tenant named
 * after it, e.g. {@code quarkus.oidc.msa.*}, whose paths are redemption's); every other journey gets a copy of that
 * tenant with its own redirect URI, cookie path and error page, named {@code <provider>-<journey>}, so that each
 * function that runs the round trip has its own callback and no journey's cookies reach another's paths.
 */
@ApplicationScoped
public class JourneyTenants implements TenantConfigResolver {

    private static final String REDEMPTION = "redeem";

    private final Instance<Journey<?>> journeys;
    private final IdentityProviders providers;
    private final Map<String, OidcTenantConfig> derived = new ConcurrentHashMap<>();

    JourneyTenants(Instance<Journey<?>> journeys, IdentityProviders providers) {
        this.journeys = journeys;
        this.providers = providers;
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext rc, OidcRequestContext<OidcTenantConfig> requestContext) {
        String path = rc.normalizedPath();
        for (Journey<?> journey : journeys) {
            if (journey.name().equals(REDEMPTION)) {
                continue; // the provider tenants' own paths
            }
            Optional<String> tenant = tenantFor(journey, path, rc);
            if (tenant.isPresent()) {
                return Uni.createFrom().item(derived.computeIfAbsent(tenant.get() + "-" + journey.name(),
                        id -> derive(tenant.get(), id, journey)));
            }
        }
        return Uni.createFrom().nullItem();
    }

    private Optional<String> tenantFor(Journey<?> journey, String path, RoutingContext rc) {
        // the callback first: it may lie under the sign-in path (/signin/callback). An instance that did not start the round
        // trip has only this answer: quarkus-oidc knows the tenant's id from the state cookie, not its configuration
        if (path.equals(journey.callbackPath())) {
            // the provider whose state cookie came back with the person (quarkus-oidc names it q_auth_<tenant id>)
            return providers.openIdConnect().stream().map(IdentityProvider::tenant)
                    .filter(t -> rc.request().cookies().stream().anyMatch(c -> c.getName().startsWith("q_auth_" + t + "-" + journey.name())))
                    .findFirst().or(() -> providers.openIdConnect().stream().findFirst().map(IdentityProvider::tenant));
        }
        if (path.startsWith(journey.signInPath() + "/")) {
            return providers.openIdConnectByTenant(path.substring(journey.signInPath().length() + 1)).map(IdentityProvider::tenant);
        }
        return Optional.empty();
    }

    private static OidcTenantConfig derive(String providerTenant, String tenantId, Journey<?> journey) {
        OidcConfig oidc = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(OidcConfig.class);
        io.quarkus.oidc.runtime.OidcTenantConfig provider = oidc.namedTenants().get(providerTenant);
        if (provider == null) {
            throw new IllegalStateException("No quarkus-oidc tenant configured for provider " + providerTenant);
        }
        return OidcTenantConfig.builder(provider)
                .tenantId(tenantId)
                .tenantPaths(java.util.List.of())
                .authentication()
                .redirectPath(journey.callbackPath())
                .cookiePath(journey.path())
                .errorPath(journey.errorPath())
                .end()
                .build();
    }
}
