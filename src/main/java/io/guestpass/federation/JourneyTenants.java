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
 * function that runs the round trip has its own callback and no journey's cookies reach another's paths. Providers an
 * administrator configured get their tenants, named the same way, from {@link ConfiguredTenants}.
 */
@ApplicationScoped
public class JourneyTenants implements TenantConfigResolver {

    private static final String REDEMPTION = "redeem";

    private final Instance<Journey<?>> journeys;
    private final IdentityProviders providers;
    private final ConfiguredTenants configured;
    private final Map<String, OidcTenantConfig> derived = new ConcurrentHashMap<>();

    JourneyTenants(Instance<Journey<?>> journeys, IdentityProviders providers, ConfiguredTenants configured) {
        this.journeys = journeys;
        this.providers = providers;
        this.configured = configured;
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext rc, OidcRequestContext<OidcTenantConfig> requestContext) {
        String path = rc.normalizedPath();
        for (Journey<?> journey : journeys) {
            Optional<String> tenant = tenantFor(journey, path, rc);
            if (tenant.isEmpty()) {
                continue;
            }
            if (ConfiguredProvider.isConfiguredTenant(tenant.get())) {
                return configuredTenant(journey, tenant.get(), rc);
            }
            if (journey.name().equals(REDEMPTION)) {
                return Uni.createFrom().nullItem(); // the configured (application.properties) tenant's own paths
            }
            return Uni.createFrom().item(derived.computeIfAbsent(tenant.get() + "-" + journey.name(),
                    id -> derive(tenant.get(), id, journey)));
        }
        return Uni.createFrom().nullItem();
    }

    /**
     * A provider an administrator configured: at the start of the round trip its row is read (a new version rebuilds the
     * tenant; a deleted or disabled one has none); at the callback the tenant this instance built serves. Facebook never
     * redeems an invitation: it vouches for no address.
     */
    private Uni<OidcTenantConfig> configuredTenant(Journey<?> journey, String tenant, RoutingContext rc) {
        if (journey.name().equals(REDEMPTION) && tenant.equals("facebook")) {
            return Uni.createFrom().nullItem();
        }
        return rc.normalizedPath().equals(journey.callbackPath()) ? configured.during(tenant, journey, rc) : configured.atStart(tenant, journey, rc);
    }

    private Optional<String> tenantFor(Journey<?> journey, String path, RoutingContext rc) {
        // the callback first: it may lie under the sign-in path (/signin/callback). An instance that did not start the round
        // trip has only this answer: quarkus-oidc knows the tenant's id from the state cookie, not its configuration
        if (path.equals(journey.callbackPath())) {
            // the provider whose state cookie came back with the person (quarkus-oidc names it q_auth_<tenant id>)
            return providers.openIdConnect().stream().map(IdentityProvider::tenant)
                    .filter(t -> rc.request().cookies().stream().anyMatch(c -> c.getName().startsWith("q_auth_" + t + "-" + journey.name())))
                    .findFirst()
                    .or(() -> configuredStateCookie(journey, rc))
                    .or(() -> journey.name().equals(REDEMPTION) ? Optional.empty()
                            : providers.openIdConnect().stream().findFirst().map(IdentityProvider::tenant));
        }
        if (path.startsWith(journey.signInPath() + "/")) {
            String segment = path.substring(journey.signInPath().length() + 1);
            return ConfiguredProvider.isConfiguredTenant(segment) ? Optional.of(segment)
                    : providers.openIdConnectByTenant(segment).map(IdentityProvider::tenant);
        }
        return Optional.empty();
    }

    /** A configured provider's state cookie, {@code q_auth_<tenant>-<journey>[_…]}: the tenant it names. */
    private static Optional<String> configuredStateCookie(Journey<?> journey, RoutingContext rc) {
        String suffix = "-" + journey.name();
        return rc.request().cookies().stream().map(io.vertx.core.http.Cookie::getName)
                .filter(name -> name.startsWith("q_auth_") && name.contains(suffix))
                .map(name -> name.substring("q_auth_".length(), name.indexOf(suffix, "q_auth_".length())))
                .filter(ConfiguredProvider::isConfiguredTenant).findFirst();
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
