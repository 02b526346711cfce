package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * The secret in a redeem link. 256 bits from a secure random source; the database holds only its SHA-256, so a lookup
 * by hash never compares the secret itself and a leaked table reveals no live link.
 */
@Entity
@Table(name = "redeem_ticket")
public class RedeemTicket extends PanacheEntityBase {

    public enum RetiredReason { Reissued, Superseded, Revoked, Redeemed, Reset }


    @Id
    @Column(name = "ticket_hash")
    public byte[] ticketHash;

    @Column(name = "invitation_id")
    public UUID invitationId;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "retired_reason")
    public RetiredReason retiredReason;

    /** A freshly issued ticket: the plaintext goes into the link, the entity into the database. */
    public record Issued(String plaintext, RedeemTicket ticket) {
    }

    public static Issued issue(UUID invitationId, Instant now) {
        String plaintext = BearerSecret.fresh();
        RedeemTicket ticket = new RedeemTicket();
        ticket.ticketHash = hash(plaintext);
        ticket.invitationId = invitationId;
        ticket.issuedAt = now;
        return new Issued(plaintext, ticket);
    }

    public static byte[] hash(String plaintext) {
        return BearerSecret.hash(plaintext);
    }

    public boolean isLive() {
        return retiredAt == null;
    }

    public void retire(RetiredReason reason, Instant now) {
        if (retiredAt == null) {
            retiredAt = now;
            retiredReason = reason;
        }
    }
}
