package io.guestpass.redeem;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Base64;

/**
 * Redemption's payload in the journey state: the ticket's hash (never the ticket), so the link leaves the address bar,
 * and the invited address, which Microsoft is given as login_hint.
 */
@RegisterForReflection
public record TicketReference(String ticketHash, String loginHint) {

    static TicketReference of(byte[] hash, String invitedAddress) {
        return new TicketReference(Base64.getUrlEncoder().withoutPadding().encodeToString(hash), invitedAddress);
    }

    byte[] hash() {
        return Base64.getUrlDecoder().decode(ticketHash);
    }
}
