package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A message in the outbox. Queued in the transaction that made it necessary, delivered at least once under a stable
 * Message-ID; its sealed content (it holds a live link) is erased once sent or cancelled.
 */
@Entity
@Table(name = "mail_message")
public class MailMessage extends PanacheEntityBase {

    public enum Kind { Invitation, InvitationNotice, Passcode }

    public enum Status { queued, sent, failed, cancelled }

    /** Give up after this many attempts (about a day with the back-off below). */
    public static final int MAX_ATTEMPTS = 12;

    @Id
    public UUID id;

    @Column(name = "invitation_id")
    public UUID invitationId;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public String recipient;

    @Column(name = "message_id")
    public String messageId;

    @Column(name = "sealed_content")
    public String sealedContent;

    @Enumerated(EnumType.STRING)
    public Status status;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    public static MailMessage queue(UUID invitationId, Kind kind, String recipient, String sealedContent, String messageDomain,
            Instant now) {
        MailMessage message = new MailMessage();
        message.id = UUID.randomUUID();
        message.invitationId = invitationId;
        message.kind = kind;
        message.recipient = recipient;
        message.messageId = "<" + message.id + "@" + messageDomain + ">";
        message.sealedContent = sealedContent;
        message.status = Status.queued;
        message.nextAttemptAt = now;
        message.createdAt = now;
        return message;
    }

    public void sent(Instant now) {
        status = Status.sent;
        sentAt = now;
        sealedContent = null;
        lastError = null;
    }

    /** Its sealed content cannot be opened (a data key rotated out): it can never be sent, so it fails now, erased. */
    public void undecryptable(Instant now) {
        status = Status.failed;
        sealedContent = null;
        lastError = "undecryptable: sealed under a data key that is no longer configured";
        nextAttemptAt = now;
    }

    /** A failed attempt: try again with exponential back-off (30 s, 1 min, 2 min, … capped at 4 h), then give up. */
    public void attemptFailed(String error, Instant now) {
        attempts++;
        lastError = error == null ? null : error.substring(0, Math.min(error.length(), 500));
        if (attempts >= MAX_ATTEMPTS) {
            status = Status.failed;
            sealedContent = null;
        } else {
            long seconds = Math.min(30L << Math.min(attempts - 1, 20), Duration.ofHours(4).toSeconds());
            nextAttemptAt = now.plusSeconds(seconds);
        }
    }

}
