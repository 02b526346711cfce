package io.guestpass.acceptance;

import io.guestpass.directory.DirectoryPolicy;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.Invitation;
import io.guestpass.directory.RedeemTicket;

import java.time.Instant;

/** What a redeem ticket leads to right now, and which page that means. */
public record Redemption(RedeemTicket ticket, Invitation invitation, GuestUser user, DirectoryPolicy policy) {

    public enum Stage { UNKNOWN, PENDING, ACCEPTED, EXPIRED, SUPERSEDED, REVOKED, DISABLED }

    public static final Redemption UNKNOWN = new Redemption(null, null, null, null);

    public Stage stage(Instant now) {
        if (ticket == null || invitation == null || user == null) {
            return Stage.UNKNOWN;
        }
        Invitation.Status status = invitation.effectiveStatus(now);
        if (status == Invitation.Status.Completed) {
            return Stage.ACCEPTED;
        }
        if (status == Invitation.Status.Revoked) {
            return Stage.REVOKED;
        }
        if (status == Invitation.Status.Superseded) {
            return Stage.SUPERSEDED;
        }
        if (status == Invitation.Status.Expired) {
            return Stage.EXPIRED;
        }
        if (!ticket.isLive()) {
            // the invitation is pending but this link was replaced (resent, or a newer invitation)
            return ticket.retiredReason == RedeemTicket.RetiredReason.Redeemed ? Stage.ACCEPTED : Stage.SUPERSEDED;
        }
        if (!user.accountEnabled) {
            return Stage.DISABLED;
        }
        return Stage.PENDING;
    }

    /** The application to continue to, only while its origin is still registered. */
    public String allowedRedirect() {
        try {
            java.net.URI target = java.net.URI.create(invitation.inviteRedirectUrl);
            return policy.admitsRedirect(target) ? target.toASCIIString() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
