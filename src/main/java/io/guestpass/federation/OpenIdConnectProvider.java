package io.guestpass.federation;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A provider reached through an OpenID Connect round trip: quarkus-oidc runs the code flow with the tenant named
 * {@link #tenant()} (derived per journey by {@link JourneyTenants}) and validates the ID token; the provider then applies
 * its own rules.
 */
public interface OpenIdConnectProvider extends IdentityProvider {

    /**
     * The identity in a validated ID token. quarkus-oidc has checked signature, issuer, audience, expiry and nonce; a
     * provider adds its own rules and refuses with {@link RefusedIdentityException}.
     */
    FederatedIdentity identityFrom(JsonWebToken idToken);

    /**
     * The same with the provider's user info, for a provider whose identity is there rather than in an ID token
     * (Facebook's Graph {@code /me}); empty when quarkus-oidc did not ask for it.
     */
    default FederatedIdentity identityFrom(JsonWebToken idToken, io.quarkus.oidc.UserInfo userInfo) {
        return identityFrom(idToken);
    }
}
