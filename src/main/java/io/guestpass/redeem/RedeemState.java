package io.guestpass.redeem;

import io.guestpass.federation.FederatedIdentity;

/**
 * What the redeem flow carries between requests, sealed into a short-lived cookie scoped to {@code /redeem} so that any
 * instance can continue it: the ticket's hash (never the ticket), a CSRF token for the consent forms, and — after the
 * provider round trip — the verified identity. Nothing here is taken from a form.
 */
/** Serialised by hand (sealed cookie): registered for reflection so that native images keep its accessors. */
@io.quarkus.runtime.annotations.RegisterForReflection
public record RedeemState(String ticketHash, long expiresAtEpochSecond, String csrf, FederatedIdentity identity) {

    public boolean expiredAt(long nowEpochSecond) {
        return nowEpochSecond >= expiresAtEpochSecond;
    }

    public RedeemState withIdentity(FederatedIdentity signedIn) {
        return new RedeemState(ticketHash, expiresAtEpochSecond, csrf, signedIn);
    }
}
