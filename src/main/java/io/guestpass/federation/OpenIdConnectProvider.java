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
}
