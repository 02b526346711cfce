package io.guestpass.federation;

import java.util.Locale;

/**
 * One way to sign in that a journey can run. Pages offer a button per provider, linking to
 * {@code <journey's sign-in path>/<key>}; what happens there depends on the kind: an {@link OpenIdConnectProvider} is a
 * quarkus-oidc tenant that runs the code flow, other kinds (email one-time passcode) are pages of their own. Either way the
 * journey receives a {@link FederatedIdentity} through {@link Journey#signedIn}; new providers are further implementations,
 * not copies of a journey.
 */
public interface IdentityProvider {

    /** Graph's identity provider id, e.g. {@code MSASignup-OAUTH}. */
    String id();

    /** Graph's identityProviderType, e.g. {@code MicrosoftAccount}. */
    String type();

    /** Graph's displayName, e.g. {@code Microsoft Account}. */
    String displayName();

    /**
     * The provider's path segment under a journey's sign-in path; for an {@link OpenIdConnectProvider} also the name of the
     * quarkus-oidc tenant that talks to it.
     */
    String tenant();

    /** What the button says, in the page's language. */
    String buttonLabel(Locale locale);
}
