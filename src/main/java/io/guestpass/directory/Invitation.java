package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** An invitation of one guest: issued, then redeemed, superseded by a newer one, revoked, or expired. */
@Entity
@Table(name = "invitation")
public class Invitation extends PanacheEntityBase {

    public enum Status { PendingAcceptance, Completed, Superseded, Revoked, Expired }

    public enum DeliveryStatus { notRequested, queued, sent, failed }

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "invited_email")
    public String invitedEmail;

    @Column(name = "invited_display_name")
    public String invitedDisplayName;

    @Column(name = "invite_redirect_url")
    public String inviteRedirectUrl;

    @Column(name = "send_invitation_message")
    public boolean sendInvitationMessage;

    @Column(name = "message_language")
    public String messageLanguage;

    @Column(name = "customized_message_body")
    public String customizedMessageBody;

    @Column(name = "cc_address")
    public String ccAddress;

    @Column(name = "cc_name")
    public String ccName;

    @Enumerated(EnumType.STRING)
    @Column(name = "invited_user_type")
    public GuestUser.UserType invitedUserType;

    @Column(name = "reset_redemption")
    public boolean resetRedemption;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Enumerated(EnumType.STRING)
    @Column(name = "delivery_status")
    public DeliveryStatus deliveryStatus;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "invited_by_subject")
    public String invitedBySubject;

    @Column(name = "invited_by_client")
    public String invitedByClient;

    /** How the inviter's token named them (a person), for the mail; null for an application or an older invitation. */
    @Column(name = "invited_by_name")
    public String invitedByName;

    /** Sent by an application: the mail says "an application of" the organization (a token carries no app name). */
    @Column(name = "invited_by_application")
    public boolean invitedByApplication;

    /** Whether an administrator or an application sent it: only they (or the same inviter) may re-issue it. */
    @Column(name = "invited_by_privileged")
    public boolean invitedByPrivileged;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "status_changed_at")
    public Instant statusChangedAt;

    @Version
    public int version;

    public static Invitation pending(GuestUser user, Duration lifetime, Instant now) {
        Invitation invitation = new Invitation();
        invitation.id = UUID.randomUUID();
        invitation.userId = user.id;
        invitation.status = Status.PendingAcceptance;
        invitation.createdAt = now;
        invitation.statusChangedAt = now;
        invitation.expiresAt = now.plus(lifetime);
        invitation.deliveryStatus = DeliveryStatus.notRequested;
        return invitation;
    }

    /** An invitation of a guest who already redeemed: recorded as Completed, it never signs anyone in. */
    public static Invitation alreadyAccepted(GuestUser user, Instant now) {
        Invitation invitation = pending(user, Duration.ZERO, now);
        invitation.status = Status.Completed;
        return invitation;
    }

    /** The status a reader sees: a pending invitation past its expiry is Expired even before the worker marks it. */
    public Status effectiveStatus(Instant now) {
        return status == Status.PendingAcceptance && !now.isBefore(expiresAt) ? Status.Expired : status;
    }

    public boolean isPending(Instant now) {
        return effectiveStatus(now) == Status.PendingAcceptance;
    }

    /** A newer invitation of the same guest replaces this one; its links stop working. */
    public void supersede(Instant now) {
        requirePending("superseded");
        changeStatus(Status.Superseded, now);
    }

    public void revoke(Instant now) {
        if (!isPending(now)) {
            throw new DirectoryRuleException("Only a pending invitation can be revoked; this one is " + effectiveStatus(now) + ".");
        }
        changeStatus(Status.Revoked, now);
    }

    /** Resend: the invitation stays, its lifetime starts again with the new link. */
    public void reissue(Duration lifetime, Instant now) {
        if (!isPending(now)) {
            throw new DirectoryRuleException("Only a pending invitation can be resent; this one is " + effectiveStatus(now) + ".");
        }
        expiresAt = now.plus(lifetime);
        statusChangedAt = now;
    }

    public void expire(Instant now) {
        requirePending("expired");
        changeStatus(Status.Expired, now);
    }

    public void complete(Instant now) {
        if (!isPending(now)) {
            throw new DirectoryRuleException("Only a pending invitation can be redeemed; this one is " + effectiveStatus(now) + ".");
        }
        changeStatus(Status.Completed, now);
    }

    public void deliveryQueued() {
        deliveryStatus = DeliveryStatus.queued;
    }

    public void deliveryEnded(boolean sent) {
        deliveryStatus = sent ? DeliveryStatus.sent : DeliveryStatus.failed;
    }

    private void requirePending(String change) {
        if (status != Status.PendingAcceptance) {
            throw new DirectoryRuleException("Only a pending invitation can be " + change + "; this one is " + status + ".");
        }
    }

    private void changeStatus(Status next, Instant now) {
        status = next;
        statusChangedAt = now;
    }
}
