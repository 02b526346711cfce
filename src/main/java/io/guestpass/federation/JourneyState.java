package io.guestpass.federation;

import io.guestpass.web.Csrf;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Duration;
import java.time.Instant;

/**
 * What a browser journey carries between requests, sealed into its cookie so that any instance can continue it: a CSRF
 * token for its forms, when the journey ends (moving on never extends it), after the provider round trip the verified
 * identity, and the journey's own payload (redemption: the ticket's hash; app sign-in: the authorization request).
 * Nothing here is taken from a form.
 */
@RegisterForReflection
public record JourneyState<P>(String csrf, long expiresAtEpochSecond, FederatedIdentity identity, P payload) {

    public static <P> JourneyState<P> start(P payload, Instant now, Duration lifetime) {
        return new JourneyState<>(Csrf.fresh(), now.plus(lifetime).getEpochSecond(), null, payload);
    }

    public JourneyState<P> withIdentity(FederatedIdentity signedIn) {
        return new JourneyState<>(csrf, expiresAtEpochSecond, signedIn, payload);
    }

    /** The state after a form, only when the form carried this state's CSRF token and someone signed in. */
    public boolean acceptsForm(String presentedCsrf) {
        return identity != null && Csrf.matches(csrf, presentedCsrf);
    }
}
