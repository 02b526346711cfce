package io.guestpass.federation;

import java.util.Locale;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * One way to sign in: an OpenID Connect tenant of quarkus-oidc named {@link #tenant()}, whose sign-in starts at
 * {@code /redeem/signin/<tenant>}. The redeem pages offer a button per enabled provider; later providers (Google, Facebook,
 * generic OpenID Connect, email one-time passcode) are further implementations and tenants, not copies of the flow.
 */
public interface IdentityProvider {

    /** Graph's identity provider id, e.g. {@code MSASignup-OAUTH}. */
    String id();

    /** Graph's identityProviderType, e.g. {@code MicrosoftAccount}. */
    String type();

    /** Graph's displayName, e.g. {@code Microsoft Account}. */
    String displayName();

    /** The quarkus-oidc tenant that talks to it. */
    String tenant();

    /** What the button says, in the page's language. */
    String buttonLabel(Locale locale);

    /**
     * The identity in a validated ID token. quarkus-oidc has checked signature, issuer, audience, expiry and nonce; a
     * provider adds its own rules and refuses with {@link RefusedIdentityException}.
     */
    FederatedIdentity identityFrom(JsonWebToken idToken);
}
