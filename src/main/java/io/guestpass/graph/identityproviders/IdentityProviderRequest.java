package io.guestpass.graph.identityproviders;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.guestpass.directory.ConfiguredIdentityProvider;

import java.util.stream.Stream;

/**
 * The body of a POST (a new configured provider) or a PATCH (what changes) on {@code /v1.0/identity/identityProviders}:
 * Graph's socialIdentityProvider and openIdConnectIdentityProvider fields, (ours) {@code clientAuthenticationMethod}, and
 * {@code state} — the one thing a PATCH may change on a built-in provider.
 */
public record IdentityProviderRequest(@JsonProperty("@odata.type") String odataType, String displayName, String identityProviderType,
        String clientId, String clientSecret, String metadataUrl, String scope, ConfiguredIdentityProvider.ClaimsMapping claimsMapping,
        String clientAuthenticationMethod, String responseType, String responseMode, String state) {

    /** Whether any field other than {@code state} (and the type annotations) is given. */
    boolean changesSettings() {
        return Stream.of(displayName, clientId, clientSecret, metadataUrl, scope, claimsMapping, clientAuthenticationMethod,
                responseType, responseMode).anyMatch(value -> value != null);
    }

    /** Whether an OpenID Connect setting is given. */
    boolean hasOpenIdConnectSettings() {
        return Stream.of(metadataUrl, scope, claimsMapping, clientAuthenticationMethod, responseType, responseMode)
                .anyMatch(value -> value != null);
    }
}
