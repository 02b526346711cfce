package io.guestpass.redeem;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Base64;

/** Redemption's payload in the journey state: the ticket's hash (never the ticket), so the link leaves the address bar. */
@RegisterForReflection
public record TicketReference(String ticketHash) {

    static TicketReference of(byte[] hash) {
        return new TicketReference(Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
    }

    byte[] hash() {
        return Base64.getUrlDecoder().decode(ticketHash);
    }
}
