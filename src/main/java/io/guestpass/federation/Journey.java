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

    /** Where the round trip with a provider starts: {@code <signInPath>/<provider tenant>}; by default the journey's path. */
    default String signInPath() {
        return path();
    }

    /** The redirect URI's path registered with the providers (each function that runs the round trip has its own). */
    default String callbackPath() {
        return path() + "/callback";
    }

    /** Where a refused or failed sign-in lands (quarkus-oidc's error path). */
    default String errorPath() {
        return path() + "/error";
    }

    SealedCookie<JourneyState<P>> state();

    /**
     * Parameters the provider's authorization request carries for this journey (login_hint, prompt), decided from its
     * state and from whether the person asked to use another account ({@value #ANOTHER_ACCOUNT}); added by
     * {@link ProviderHints}.
     */
    default java.util.Map<String, String> providerParameters(JourneyState<P> state, boolean anotherAccount) {
        return anotherAccount ? java.util.Map.of("prompt", "select_account") : java.util.Map.of();
    }

    /** The query parameter of a round-trip link that sends the person straight to the provider's account picker. */
    String ANOTHER_ACCOUNT = "another";

    /** The provider vouched for this identity: the journey goes on. */
    Uni<Response> signedIn(JourneyState<P> state, FederatedIdentity identity, String acceptLanguage);

    /** No state, or the state expired: the person has to start again. */
    Response stateExpired(Locale locale);

    /** The provider's identity is not one we accept (e.g. a work or school account). */
    Response refusedAccount(Locale locale);

    /** The provider was unreachable (try later) or its answer was not accepted. */
    Response providerFailed(Locale locale, boolean unreachable);
}
