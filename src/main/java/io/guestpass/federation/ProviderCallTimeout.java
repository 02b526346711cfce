package io.guestpass.federation;

import io.guestpass.platform.GuestpassConfig;
import io.quarkus.oidc.common.OidcRequestFilter;
import jakarta.enterprise.context.ApplicationScoped;


/**
 * Bounds every call to an identity provider (discovery, keys, token exchange) as a whole: quarkus-oidc's
 * connection-timeout covers only connecting, so a provider that accepts the connection and then hangs would hold the
 * person (and a Lambda invocation) until the function times out. A slow provider gets the same friendly page as one
 * that is down, and the invitation stays redeemable.
 */
@ApplicationScoped
@io.quarkus.arc.Unremovable
public class ProviderCallTimeout implements OidcRequestFilter {

    private final long timeoutMillis;

    ProviderCallTimeout(GuestpassConfig config) {
        this.timeoutMillis = config.federation().requestTimeout().toMillis();
    }

    @Override
    public void filter(OidcRequestContext context) {
        context.request().timeout(timeoutMillis);
    }
}
