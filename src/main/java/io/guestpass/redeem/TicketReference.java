package io.guestpass.redeem;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Base64;

/**
 * Redemption's payload in the journey state: the ticket's hash (never the ticket), so the link leaves the address bar,
 * the invited address, which Microsoft is given as login_hint, and once Microsoft vouched for the person, when (the
 * auth_time of the SSO session acceptance starts).
 */
@RegisterForReflection
public record TicketReference(String ticketHash, String loginHint, Long authenticatedAt) {

    static TicketReference of(byte[] hash, String invitedAddress) {
        return new TicketReference(Base64.getUrlEncoder().withoutPadding().encodeToString(hash), invitedAddress, null);
    }

    TicketReference authenticatedAt(long epochSecond) {
        return new TicketReference(ticketHash, loginHint, epochSecond);
    }

    byte[] hash() {
        return Base64.getUrlDecoder().decode(ticketHash);
    }
}
