package io.guestpass.federation;

import io.guestpass.web.SealedCookie;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;

import java.util.Locale;

/**
 * A browser journey that signs a person in with an identity provider on its way (redemption, app sign-in, sign-up). The
 * {@link SignInRoundTrip} does what every journey shares; the journey says where its round trip lives, where its state
 * is, which pages its failures show, and how it continues once the provider vouched for someone.
 */
public interface Journey<P> {

    /** The journey's name; quarkus-oidc tenants of other journeys than redemption are named {@code <provider>-<name>}. */
    String name();

    /** The path under which all the journey's pages and cookies live. */
    String path();

    /** Where the round trip with a provider starts: {@code <path>/<provider tenant>}. */
    String signInPath();

    /** The redirect URI's path registered with the providers (each function that runs the round trip has its own). */
    String callbackPath();

    /** Where a refused or failed sign-in lands (quarkus-oidc's error path). */
    String errorPath();

    SealedCookie<JourneyState<P>> state();

    /**
     * Parameters the provider's authorization request carries for this journey (login_hint, prompt, max_age), decided
     * from its state; added by {@link ProviderHints}.
     */
    default java.util.Map<String, String> providerParameters(JourneyState<P> state) {
        return java.util.Map.of();
    }

    /** The provider vouched for this identity: the journey goes on. */
    Uni<Response> signedIn(JourneyState<P> state, FederatedIdentity identity, String acceptLanguage);

    /** No state, or the state expired: the person has to start again. */
    Response stateExpired(Locale locale);

    /** The provider's identity is not one we accept (e.g. a work or school account). */
    Response refusedAccount(Locale locale);

    /** The provider was unreachable (try later) or its answer was not accepted. */
    Response providerFailed(Locale locale, boolean unreachable);
}
