package io.guestpass.federation;

import io.guestpass.directory.ConfiguredIdentityProvider;
import io.guestpass.directory.IdentityProviderState;
import io.guestpass.platform.DataCipher;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcTenantConfig.TokenStateManager.Strategy;
import io.quarkus.oidc.common.runtime.config.OidcClientCommonConfig.Credentials.Secret.Method;
import io.quarkus.oidc.common.runtime.config.OidcClientCommonConfigBuilder;
import io.quarkus.oidc.runtime.OidcConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * quarkus-oidc tenants for the providers an administrator configured, built at run time from their rows (nothing at
 * start-up): {@code <provider tenant>-<journey>}, with the journey-wide settings of the Microsoft-account tenant (PKCE,
 * nonce, cookies, state secrets, timeouts) and the provider's own client, secret (unsealed here) and checked endpoints.
 * A built tenant is kept per (provider id, version). Lambda instances are never told of a change, so the start of each
 * round trip reads the row again: a new version builds the tenant again, a deleted or disabled provider has none.
 */
@ApplicationScoped
public class ConfiguredTenants {

    private static final Logger LOG = Logger.getLogger(ConfiguredTenants.class);
    static final String GOOGLE_METADATA = "https://accounts.google.com/.well-known/openid-configuration";
    /** Facebook's OAuth dialog and Graph API, at one pinned Graph version (a stand-in serves both under one origin). */
    static final String FACEBOOK_WWW = "https://www.facebook.com";
    static final String FACEBOOK_GRAPH = "https://graph.facebook.com";
    static final String FACEBOOK_VERSION = "/v19.0";
    /** What quarkus-oidc's facebook preset reads from Graph's /me: the id is the subject, the address is never verified. */
    static final String FACEBOOK_FIELDS = "/me?fields=id,name,email,first_name,last_name";
    /** Facebook's app secrets are 32 hex characters. */
    static final int FACEBOOK_SECRET_LENGTH = 32;

    /** The routing-context attribute that makes quarkus-oidc build a changed dynamic tenant's context anew. */
    static final String REPLACE_CONTEXT = "replace-tenant-configuration-context";

    private record Built(ConfiguredProvider.Key key, OidcTenantConfig config) {
    }

    private final ProviderEndpoints endpoints;
    private final DataCipher cipher;
    private final Optional<String> googleMetadata;
    private final Optional<String> facebookBase;
    private final Map<String, Built> built = new ConcurrentHashMap<>();

    ConfiguredTenants(ProviderEndpoints endpoints, DataCipher cipher, GuestpassConfig config) {
        this.endpoints = endpoints;
        this.cipher = cipher;
        this.googleMetadata = config.dev().googleMetadataUrl();
        this.facebookBase = config.dev().facebookBaseUrl();
    }

    /** The provider id a configured tenant key stands for ({@code google} → {@code Google-OAUTH}). */
    static String providerIdOf(String tenant) {
        return switch (tenant) {
            case "google" -> ConfiguredIdentityProvider.socialId(ConfiguredIdentityProvider.Type.Google);
            case "facebook" -> ConfiguredIdentityProvider.socialId(ConfiguredIdentityProvider.Type.Facebook);
            default -> "OIDC-" + tenant.substring("oidc-".length());
        };
    }

    /** The provider as its row reads now; empty when it was deleted or disabled (or the segment names none). */
    public Uni<Optional<ConfiguredProvider>> current(String tenant) {
        if (!ConfiguredProvider.isConfiguredTenant(tenant)) {
            return Uni.createFrom().item(Optional.empty());
        }
        String id = providerIdOf(tenant);
        return Panache.withSession(() -> IdentityProviderState.disabledIds().chain(disabled -> disabled.contains(id)
                ? Uni.createFrom().item(Optional.<ConfiguredProvider>empty())
                : ConfiguredIdentityProvider.<ConfiguredIdentityProvider>findById(id)
                        .map(row -> Optional.ofNullable(row).map(ConfiguredProvider::new))));
    }

    /**
     * At the start of a round trip: the row is read, and the tenant built again when its version changed. Null when the
     * provider is gone (quarkus-oidc then falls back to the default tenant, which refuses, and the journey's page shows).
     */
    public Uni<OidcTenantConfig> atStart(String tenant, Journey<?> journey, RoutingContext rc) {
        return Panache.withSession(() -> IdentityProviderState.disabledIds().chain(disabled -> {
            String id = providerIdOf(tenant);
            return disabled.contains(id) ? Uni.createFrom().<ConfiguredIdentityProvider>nullItem()
                    : ConfiguredIdentityProvider.<ConfiguredIdentityProvider>findById(id);
        })).chain(row -> {
            if (row == null) {
                LOG.infof("Sign-in with provider %s refused: it was deleted or disabled", tenant);
                return Uni.createFrom().nullItem();
            }
            return tenantFor(row, journey, rc);
        });
    }

    /**
     * Later in the round trip (callback, return to the sign-in path): the tenant this instance built, or — on an instance
     * that did not start the round trip — one built from the row.
     */
    public Uni<OidcTenantConfig> during(String tenant, Journey<?> journey, RoutingContext rc) {
        Built known = built.get(tenant + "-" + journey.name());
        return known != null ? Uni.createFrom().item(known.config()) : atStart(tenant, journey, rc);
    }

    private Uni<OidcTenantConfig> tenantFor(ConfiguredIdentityProvider row, Journey<?> journey, RoutingContext rc) {
        ConfiguredProvider provider = new ConfiguredProvider(row);
        String tenantId = provider.tenant() + "-" + journey.name();
        Built known = built.get(tenantId);
        if (known != null && known.key().equals(provider.key())) {
            return Uni.createFrom().item(known.config());
        }
        String secret = row.openClientSecret(cipher);
        if (row.type == ConfiguredIdentityProvider.Type.Facebook && secret.length() < FACEBOOK_SECRET_LENGTH) {
            // quarkus-oidc signs the ID token it makes in Facebook's stead with the app secret (HS256: 32 characters at least)
            LOG.warnf("Provider %s not used: its app secret is shorter than Facebook's %d characters", row.id, FACEBOOK_SECRET_LENGTH);
            return Uni.createFrom().failure(new io.quarkus.security.AuthenticationFailedException("Facebook app secret too short"));
        }
        ConfiguredIdentityProvider.ClientAuthentication method = row.clientAuthenticationMethod;
        List<String> scopes = row.scope == null ? List.of() : Arrays.stream(row.scope.split(" "))
                .filter(s -> !s.isBlank() && !s.equals("openid")).toList();
        return endpointsOf(row).map(found -> {
            OidcTenantConfig config = build(provider, tenantId, journey, found, secret, method, scopes);
            if (built.put(tenantId, new Built(provider.key(), config)) != null) {
                // quarkus-oidc keeps a changed tenant's client (and the secret in it) unless told to replace it
                rc.put(REPLACE_CONTEXT, "true");
            }
            LOG.debugf("Built tenant %s for version %d of provider %s", tenantId, provider.version(), provider.id());
            return config;
        }).onFailure(ProviderEndpoints.Refused.class).transform(refused -> {
            // the person gets the journey's provider-failed page (as for any refused sign-in); the log says why
            LOG.warnf("Provider %s not used: %s", provider.id(), refused.getMessage());
            return new io.quarkus.security.AuthenticationFailedException(refused);
        });
    }

    private Uni<ProviderEndpoints.Endpoints> endpointsOf(ConfiguredIdentityProvider row) {
        return switch (row.type) {
            // Google's document is at a fixed address (a stand-in's in tests, whose issuer still says Google)
            case Google -> endpoints.discover(googleMetadata.orElse(GOOGLE_METADATA), googleMetadata.isEmpty());
            case OpenIdConnect -> endpoints.discover(row.metadataUrl, true);
            case Facebook -> {
                String dialog = facebookBase.orElse(FACEBOOK_WWW) + FACEBOOK_VERSION + "/dialog/oauth";
                String graph = facebookBase.orElse(FACEBOOK_GRAPH) + FACEBOOK_VERSION;
                yield endpoints.check(new ProviderEndpoints.Endpoints(null, dialog, graph + "/oauth/access_token", null,
                        graph + FACEBOOK_FIELDS));
            }
        };
    }

    private static OidcTenantConfig build(ConfiguredProvider provider, String tenantId, Journey<?> journey,
            ProviderEndpoints.Endpoints at, String secret, ConfiguredIdentityProvider.ClientAuthentication method, List<String> scopes) {
        OidcConfig oidc = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(OidcConfig.class);
        io.quarkus.oidc.runtime.OidcTenantConfig journeyWide = oidc.namedTenants().get("msa");
        boolean facebook = provider.type().equals(ConfiguredIdentityProvider.Type.Facebook.name());
        boolean google = provider.type().equals(ConfiguredIdentityProvider.Type.Google.name());
        var builder = OidcTenantConfig.builder(journeyWide)
                .tenantId(tenantId)
                .tenantPaths(List.of())
                .authServerUrl(at.authorization())
                .discoveryEnabled(false)
                .authorizationPath(at.authorization())
                .tokenPath(at.token())
                .clientId(provider.clientId())
                // fresh credentials: the journey-wide tenant's own secret must not come along
                // Facebook takes client_secret in the token request's body only
                .credentials(new OidcClientCommonConfigBuilder.CredentialsBuilder<>().clientSecret(secret,
                        facebook || method == ConfiguredIdentityProvider.ClientAuthentication.client_secret_post ? Method.POST : Method.BASIC)
                        .build());
        if (at.jwks() != null) {
            builder.jwksPath(at.jwks());
        }
        if (at.userInfo() != null) {
            builder.userInfoPath(at.userInfo());
        }
        // fresh token rules: none of the Microsoft tenant's (its required tid) apply. Google's tokens carry either spelling of
        // its issuer, so the provider checks those two itself; Facebook has no ID token
        builder.token(new io.quarkus.oidc.runtime.builders.TokenConfigBuilder().issuer(google || facebook ? "any" : at.issuer()).build());
        var authentication = builder.authentication()
                .redirectPath(journey.callbackPath())
                .cookiePath(journey.path())
                .errorPath(journey.errorPath())
                .scopes(facebook ? List.of("email", "public_profile") : scopes.isEmpty() && google ? List.of("email", "profile") : scopes);
        if (facebook) {
            // OAuth 2 without an ID token: quarkus-oidc makes an internal one and reads the person from Graph's /me, with the
            // access token, which the (encrypted, at once ended) session must therefore keep
            authentication.idTokenRequired(false).userInfoRequired(true).addOpenidScope(false).nonceRequired(false);
            authentication.end().tokenStateManager().strategy(Strategy.KEEP_ALL_TOKENS).end();
        }
        return authentication.end().build();
    }
}
