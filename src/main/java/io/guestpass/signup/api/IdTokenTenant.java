package io.guestpass.signup.api;

import io.guestpass.platform.FunctionRole;
import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.runtime.OidcConfig;
import io.smallrye.config.SmallRyeConfig;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;

/**
 * The quarkus-oidc tenant that checks ID tokens back ends present: the Microsoft-account tenant ({@code quarkus.oidc.msa.*}:
 * the same authority, so the issuer its discovery publishes, its keys and its required {@code tid}) as a bearer-token
 * tenant that answers no request path. The audience is not its check: an application's own list decides, per call
 * ({@link MicrosoftIdTokens}). Enabled only in the sign-up function (and development's all-in-one process), and there only
 * when the Microsoft-account tenant is: every enabled tenant reads discovery and keys when the function starts.
 */
@Singleton
public class IdTokenTenant {

    public static final String ID = "msa-id-token";
    static final String PROVIDER_TENANT = "msa";
    /** quarkus-oidc's word for "do not check the audience". */
    private static final String ANY_AUDIENCE = "any";

    void create(@Observes Oidc oidc) {
        OidcConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(OidcConfig.class);
        io.quarkus.oidc.runtime.OidcTenantConfig provider = config.namedTenants().get(PROVIDER_TENANT);
        if (provider == null) {
            return; // no Microsoft account configured: verify() then fails for want of the tenant
        }
        FunctionRole role = FunctionRole.valueOf(ConfigProvider.getConfig().getOptionalValue("guestpass.function", String.class)
                .orElse(FunctionRole.invite.name()));
        boolean servesSignUp = role == FunctionRole.signup || role == FunctionRole.local;
        if (!servesSignUp) {
            // not even a disabled one: the builder keeps the provider tenant's tenant-paths (tenantPaths(...) only adds to
            // them), so this tenant shares /redeem/signin/msa with the msa tenant, and quarkus-oidc may select it there; a
            // disabled tenant answers 401, and every redemption on such a redeem instance failed (SignUpBenchmark, 2026-12-02)
            return;
        }
        oidc.create(OidcTenantConfig.builder(provider)
                .tenantId(ID)
                .tenantEnabled(provider.tenantEnabled())
                .applicationType(io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType.SERVICE)
                .tenantPaths(List.of())
                .authentication().verifyAccessToken(true).end()
                .token()
                .audience(ANY_AUDIENCE)
                .age(MicrosoftIdTokens.MAX_AGE)
                // Microsoft publishes no introspection endpoint: a token whose key is unknown is refused, not introspected
                .allowJwtIntrospection(false)
                .allowOpaqueTokenIntrospection(false)
                .end()
                .build());
    }
}
