package io.guestpass.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.directory.Invitation;
import io.guestpass.directory.MailMessage;
import io.guestpass.platform.DataCipher;
import io.guestpass.platform.GuestpassConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The mail outbox. Messages are queued in the transaction that made them necessary, sealed with the data key (they hold
 * live links), sent right after commit when the transport answers quickly, and otherwise by the worker with back-off.
 * Delivery is at least once under a stable Message-ID; a sent message's content is erased.
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    /** How long a claimed message is left alone before another delivery attempt may take it (a lease, not a lock). */
    static final Duration LEASE = Duration.ofMinutes(2);

    private final GuestpassConfig config;
    private final DataCipher cipher;
    private final ObjectMapper json;
    private final Instance<MailTransport> transports;
    private final Clock clock;

    Outbox(GuestpassConfig config, DataCipher cipher, ObjectMapper json, Instance<MailTransport> transports, Clock clock) {
        this.config = config;
        this.cipher = cipher;
        this.json = json;
        this.transports = transports;
        this.clock = clock;
    }

    /**
     * Queues a message within the caller's transaction. It is leased to the caller at once, so that the worker does not
     * send it while the request that queued it is still trying.
     */
    public Uni<MailMessage> queue(Invitation invitation, MailMessage.Kind kind, InvitationMail.Content content) {
        Instant now = clock.instant();
        MailMessage message = MailMessage.queue(invitation.id, kind, content.to(), seal(content), messageDomain(), now);
        message.nextAttemptAt = now.plus(LEASE);
        return message.persist();
    }

    /**
     * Queues a message that belongs to no invitation (a one-time passcode) within the caller's transaction, due at once:
     * the worker sends it (the functions that queue it have no mail permission).
     */
    public Uni<MailMessage> queue(MailMessage.Kind kind, InvitationMail.Content content) {
        return MailMessage.queue(null, kind, content.to(), seal(content), messageDomain(), clock.instant()).persist();
    }

    /** Cancels what an invitation still had waiting (it was revoked or superseded). Runs in the caller's transaction. */
    public Uni<Integer> cancelFor(UUID invitationId) {
        return cancelWhere("invitationId = ?3", invitationId);
    }

    /** Cancels what expired invitations still had waiting. Runs in the caller's transaction. */
    public Uni<Integer> cancelForExpiredInvitations() {
        return cancelWhere("invitationId in (select i.id from Invitation i where i.status = ?3)", Invitation.Status.Expired);
    }

    /** The one way mail is cancelled: a queued message becomes cancelled and its sealed content (a live link) is erased. */
    private Uni<Integer> cancelWhere(String which, Object... parameters) {
        Object[] all = new Object[parameters.length + 2];
        all[0] = MailMessage.Status.cancelled;
        all[1] = MailMessage.Status.queued;
        System.arraycopy(parameters, 0, all, 2, parameters.length);
        return MailMessage.update("status = ?1, sealedContent = null where status = ?2 and " + which, all);
    }

    /**
     * Sends the given messages now, giving up quietly after the configured timeout: the worker will finish them.
     * Answers the ids of the messages that went out.
     */
    public Uni<Set<UUID>> deliverSoon(List<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Multi.createFrom().iterable(messageIds)
                .onItem().transformToUniAndConcatenate(id -> deliverOne(id).map(attempt -> attempt == Attempt.SENT ? id : null))
                .filter(Objects::nonNull)
                .collect().asSet()
                .ifNoItem().after(config.mail().sendTimeout()).recoverWithItem(Set.of())
                // the invitation is committed by now: a hand-off that breaks leaves the mail to the worker, never fails the request
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Mail hand-off broke off, left to the worker: %s", failure.getClass().getName());
                    return Set.of();
                });
    }

    /**
     * The worker's part: claims due messages with SKIP LOCKED, then sends them one by one. Each message stands alone: one
     * that cannot be opened or whose attempt throws never keeps the others from going out.
     */
    public Uni<DeliveryCount> deliverDue(int batchSize) {
        return claimDue(batchSize)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> deliverOne(id).onFailure().recoverWithItem(failure -> {
                    LOG.errorf("Mail %s: the delivery attempt broke off: %s", id, failure.getClass().getName());
                    return Attempt.BROKE_OFF;
                }))
                .collect().in(DeliveryCount::new, DeliveryCount::add);
    }

    /** What one delivery attempt came to. */
    enum Attempt { SENT, NOT_SENT, UNDECRYPTABLE, BROKE_OFF }

    public static final class DeliveryCount {
        public int sent;
        public int failed;
        /** Messages that could not be opened (sealed under a key no longer configured): failed and erased. */
        public int undecryptable;
        /** Attempts that threw (not a transport refusal): the messages stay queued; the step counts as failed. */
        public int brokeOff;

        void add(Attempt attempt) {
            switch (attempt) {
                case SENT -> sent++;
                case NOT_SENT -> failed++;
                case UNDECRYPTABLE -> undecryptable++;
                case BROKE_OFF -> brokeOff++;
            }
        }
    }

    private Uni<List<UUID>> claimDue(int batchSize) {
        Instant now = clock.instant();
        // SKIP LOCKED: concurrent workers each take different rows; the lease then keeps them apart without holding locks
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select id from mail_message where status = 'queued' and next_attempt_at <= :now "
                        + "order by next_attempt_at limit :batch for update skip locked", UUID.class)
                .setParameter("now", now)
                .setParameter("batch", batchSize)
                .getResultList()
                .call(ids -> ids.isEmpty() ? Uni.createFrom().voidItem()
                        : MailMessage.update("nextAttemptAt = ?1 where id in ?2", now.plus(LEASE), ids))));
    }

    /** One attempt: open the sealed content, hand it to the transport outside any transaction, record the outcome. */
    private Uni<Attempt> deliverOne(UUID messageId) {
        return Panache.withSession(() -> MailMessage.<MailMessage>findById(messageId))
                .chain(message -> {
                    if (message == null || message.status != MailMessage.Status.queued || message.sealedContent == null) {
                        return Uni.createFrom().item(Attempt.NOT_SENT);
                    }
                    OutgoingMail mail;
                    try {
                        mail = open(message);
                    } catch (IllegalStateException unopenable) {
                        return undecryptable(messageId);
                    }
                    return transport().send(mail)
                            .onItemOrFailure().transformToUni((ok, failure) -> record(messageId, failure));
                });
    }

    /**
     * A message sealed under a key that is no longer configured (or damaged) can never be sent: it fails alone, its
     * content is erased, and one line without content says so ({@code MAIL_UNDECRYPTABLE}, counted by an alarm).
     */
    private Uni<Attempt> undecryptable(UUID messageId) {
        LOG.errorf("MAIL_UNDECRYPTABLE mail=%s: its sealed content cannot be opened with the configured data keys; "
                + "marked failed and erased", messageId);
        return ended(messageId, message -> message.undecryptable(clock.instant())).replaceWith(Attempt.UNDECRYPTABLE);
    }

    private Uni<Attempt> record(UUID messageId, Throwable failure) {
        Instant now = clock.instant();
        if (failure != null) {
            LOG.warnf("Mail %s not delivered yet: %s", messageId, failure.getClass().getSimpleName());
        }
        return ended(messageId, message -> {
            if (failure == null) {
                message.sent(now);
            } else {
                message.attemptFailed(failure.getClass().getSimpleName() + ": " + failure.getMessage(), now);
            }
        }).map(changed -> changed && failure == null ? Attempt.SENT : Attempt.NOT_SENT);
    }

    /**
     * Applies an outcome to a still queued message in one transaction; when that ends the message, its invitation's
     * delivery status follows. Lock order as {@link io.guestpass.directory.LockOrder}: the invitation's row before the
     * message's. Answers whether the message was still queued.
     */
    private Uni<Boolean> ended(UUID messageId, java.util.function.Consumer<MailMessage> outcome) {
        return Panache.withTransaction(() -> MailMessage.<MailMessage>findById(messageId).chain(message -> {
            if (message == null || message.status != MailMessage.Status.queued) {
                return Uni.createFrom().item(Boolean.FALSE);
            }
            Uni<Invitation> invitation = message.kind == MailMessage.Kind.Invitation && message.invitationId != null
                    ? Invitation.<Invitation>findById(message.invitationId, LockModeType.PESSIMISTIC_WRITE)
                    : Uni.createFrom().nullItem();
            return invitation.map(locked -> {
                outcome.accept(message);
                if (locked != null && message.status != MailMessage.Status.queued) {
                    locked.deliveryEnded(message.status == MailMessage.Status.sent);
                }
                return Boolean.TRUE;
            });
        }));
    }

    private MailTransport transport() {
        return transports.get();
    }

    private String seal(InvitationMail.Content content) {
        try {
            return cipher.seal("mail", json.writeValueAsString(content));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private OutgoingMail open(MailMessage message) {
        try {
            InvitationMail.Content content = json.readValue(cipher.open("mail", message.sealedContent), InvitationMail.Content.class);
            return new OutgoingMail(message.messageId, config.mail().from(), content.to(), content.subject(), content.html(),
                    content.text(), content.logo());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String messageDomain() {
        String from = config.mail().from();
        int at = from.lastIndexOf('@');
        return at < 0 ? config.directory().domain() : from.substring(at + 1).replace(">", "").trim();
    }
}
