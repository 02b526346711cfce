package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;

import java.util.UUID;

/**
 * The one order in which a transaction locks a guest's rows: the {@code guest_user} row first, then the invitation, then
 * its redeem tickets, then its queued mail. Every change to an invitation takes its locks in this order — inviting,
 * resending, revoking and resetting ({@code InvitationService}), accepting ({@code RedemptionService}), the worker's
 * expiry and the outcome of a delivery ({@code Outbox}) — so two of them wait for each other instead of deadlocking.
 * The guest's row is the gate: whoever holds it is the only one changing that guest's invitations. Where a transaction
 * starts from an invitation or a ticket, it first reads the (never changing) guest id without a lock, then locks in order.
 */
public final class LockOrder {

    /** The rows of one change, locked in order; {@code ticket} only when the change starts from a ticket. */
    public record Locked(GuestUser user, Invitation invitation, RedeemTicket ticket) {
    }

    private LockOrder() {
    }

    /** Locks the invitation's guest, then the invitation. Answers null when there is no such invitation. */
    public static Uni<Locked> invitation(UUID invitationId) {
        return scalar("select i.userId from Invitation i where i.id = :key", invitationId)
                .chain(userId -> userId == null ? Uni.createFrom().nullItem() : lock(userId, invitationId, null));
    }

    /**
     * The ticket, its invitation and its guest; with {@code PESSIMISTIC_WRITE} locked guest first, then invitation, then
     * ticket. Answers null when there is no such ticket.
     */
    public static Uni<Locked> ticket(byte[] ticketHash, LockModeType lock) {
        if (lock == LockModeType.NONE) {
            return RedeemTicket.<RedeemTicket>findById(ticketHash).chain(ticket -> ticket == null ? Uni.createFrom().nullItem()
                    : Invitation.<Invitation>findById(ticket.invitationId).chain(invitation -> GuestUser.<GuestUser>findById(
                            invitation.userId).map(user -> new Locked(user, invitation, ticket))));
        }
        return scalar("select t.invitationId from RedeemTicket t where t.ticketHash = :key", ticketHash)
                .chain(invitationId -> invitationId == null ? Uni.createFrom().nullItem()
                        : scalar("select i.userId from Invitation i where i.id = :key", invitationId)
                                .chain(userId -> userId == null ? Uni.createFrom().nullItem() : lock(userId, invitationId, ticketHash)));
    }

    private static Uni<Locked> lock(UUID userId, UUID invitationId, byte[] ticketHash) {
        return GuestUser.<GuestUser>findById(userId, LockModeType.PESSIMISTIC_WRITE)
                .chain(user -> Invitation.<Invitation>findById(invitationId, LockModeType.PESSIMISTIC_WRITE)
                        .chain(invitation -> {
                            if (user == null || invitation == null) {
                                return Uni.createFrom().nullItem();
                            }
                            if (ticketHash == null) {
                                return Uni.createFrom().item(new Locked(user, invitation, null));
                            }
                            return RedeemTicket.<RedeemTicket>findById(ticketHash, LockModeType.PESSIMISTIC_WRITE)
                                    .map(ticket -> ticket == null ? null : new Locked(user, invitation, ticket));
                        }));
    }

    /** An id read without a lock (ids never change), to know which rows to lock. */
    private static Uni<UUID> scalar(String query, Object key) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(query, UUID.class)
                .setParameter("key", key).getSingleResultOrNull());
    }
}
