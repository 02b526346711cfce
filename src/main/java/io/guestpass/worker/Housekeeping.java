package io.guestpass.worker;

import io.guestpass.directory.SigningKey;
import io.guestpass.platform.DataCipher;
import io.guestpass.platform.GuestpassConfig;
import io.guestpass.platform.RateLimiter;
import io.guestpass.directory.AuditTrail;
import io.guestpass.directory.AuthorizationCode;
import io.guestpass.directory.IdempotencyRecord;
import io.guestpass.directory.Invitation;
import io.guestpass.mail.Outbox;
import io.guestpass.directory.MailMessage;
import io.guestpass.directory.PasscodeChallenge;
import io.guestpass.directory.RefreshToken;
import io.guestpass.directory.SsoSession;
import io.guestpass.signup.api.ConsumedIdTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The worker's bookkeeping: expire what is due, purge what retention allows, rotate the signing keys. */
@ApplicationScoped
public class Housekeeping {

    private final Clock clock;
    private final RateLimiter limiter;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final Duration mailRetention;
    private final Duration auditRetention;
    private final DataCipher cipher;
    private final Duration keyRotationPeriod;
    private final ConsumedIdTokens consumedIdTokens;

    Housekeeping(Clock clock, RateLimiter limiter, Outbox outbox, AuditTrail audit, DataCipher cipher,
            ConsumedIdTokens consumedIdTokens, GuestpassConfig config) {
        this.clock = clock;
        this.limiter = limiter;
        this.outbox = outbox;
        this.audit = audit;
        this.mailRetention = config.retention().mail();
        this.auditRetention = config.retention().audit();
        this.cipher = cipher;
        this.keyRotationPeriod = config.oidc().keyRotationPeriod();
        this.consumedIdTokens = consumedIdTokens;
    }

    /**
     * Pending invitations past their expiry become Expired; mail they still had queued is cancelled. Invitations first,
     * then their mail: the lock order of {@link io.guestpass.directory.LockOrder}.
     */
    public Uni<Integer> expireInvitations() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Invitation.update("status = ?1, statusChangedAt = ?2 where status = ?3 and expiresAt <= ?2",
                        Invitation.Status.Expired, now, Invitation.Status.PendingAcceptance)
                .call(outbox::cancelForExpiredInvitations));
    }

    /**
     * Idempotency records after 24 hours, finished mail and audit events after their retention, rate-limit windows and
     * authorization codes (long expired; kept a day so that a replay is still recognised) and ended SSO sessions after a
     * day, refresh tokens, consumed Microsoft-account ID tokens and email passcodes once expired.
     */
    public Uni<Long> purge() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> IdempotencyRecord.delete("createdAt < ?1", now.minus(Duration.ofHours(24)))
                .chain(idempotency -> MailMessage.delete("status <> ?1 and createdAt < ?2", MailMessage.Status.queued,
                                now.minus(mailRetention))
                        .chain(mail -> audit.purgeBefore(now.minus(auditRetention))
                                .map(events -> idempotency + mail + events))))
                .chain(rows -> limiter.purgeBefore(now.minus(Duration.ofDays(1))).map(windows -> rows + windows))
                .chain(rows -> Panache.withTransaction(() -> AuthorizationCode.purgeExpired(now)).map(codes -> rows + codes))
                .chain(rows -> Panache.withTransaction(() -> RefreshToken.purgeExpired(now)).map(tokens -> rows + tokens))
                .chain(rows -> Panache.withTransaction(() -> SsoSession.purgeEnded(now)).map(sessions -> rows + sessions))
                .chain(rows -> consumedIdTokens.purgeExpired(now).map(tokens -> rows + tokens))
                .chain(rows -> Panache.withTransaction(() -> PasscodeChallenge.purgeExpired(now)).map(challenges -> rows + challenges));
    }

    /** One rotation step of the signing keys (see {@link SigningKey#rotate}): exactly one next key afterwards. */
    public Uni<SigningKey.Rotation> rotateSigningKeys() {
        if (keyRotationPeriod.compareTo(SigningKey.PUBLISHED_BEFORE_SIGNING) < 0) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "guestpass.oidc.key-rotation-period must be at least " + SigningKey.PUBLISHED_BEFORE_SIGNING.toHours() + " hours"));
        }
        Instant now = clock.instant();
        return Panache.withTransaction(() -> SigningKey.rotate(now, keyRotationPeriod,
                () -> SigningKey.generate(SigningKey.Status.next, now, cipher)));
    }
}
