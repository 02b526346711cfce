package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A guest's single sign-on session at Guestpass: made when a provider vouched for them (app sign-in, redemption), so that
 * the next application they open signs them in without asking the provider again. The browser holds its id and a
 * {@link BearerSecret} (sealed in a cookie); the row keeps the secret's hash only and can be revoked. Its id is the
 * {@code sid} of the ID tokens issued under it.
 */
@Entity
@Table(name = "sso_session")
public class SsoSession extends PanacheEntityBase {

    /** Ended sessions stay a day (what they signed in to is still known), then the worker removes them. */
    public static final Duration RETENTION = Duration.ofDays(1);

    @Id
    public UUID id;

    @Column(name = "secret_hash")
    public byte[] secretHash;

    @Column(name = "user_id")
    public UUID userId;

    /** The identity provider, as the {@code idp} claim names it (live.com). */
    public String idp;

    /** Who the provider vouched for, for the audit trail of sign-ins made with the session. */
    @Column(name = "provider_subject")
    public String providerSubject;

    @Column(name = "provider_client")
    public String providerClient;

    /** When the person last proved themselves to the provider: the ID tokens' {@code auth_time}, what max_age measures. */
    @Column(name = "auth_time")
    public Instant authTime;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** The applications (client ids) this session signed in to, in order. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "client_ids", columnDefinition = "text[]")
    public List<String> clientIds = new ArrayList<>();

    /** A new session and its secret; the secret goes into the browser's cookie only. */
    public record Started(String secret, SsoSession session) {
    }

    public static Started start(UUID userId, String idp, String providerSubject, String providerClient, Instant authTime,
            Duration lifetime, Instant now) {
        String secret = BearerSecret.fresh();
        SsoSession session = new SsoSession();
        session.id = UUID.randomUUID();
        session.secretHash = BearerSecret.hash(secret);
        session.userId = userId;
        session.idp = idp;
        session.providerSubject = providerSubject;
        session.providerClient = providerClient;
        // the database keeps microseconds: truncated, so that sessionsValidSince compares what was written
        session.authTime = authTime.truncatedTo(ChronoUnit.SECONDS);
        session.createdAt = now.truncatedTo(ChronoUnit.MICROS);
        session.expiresAt = now.plus(lifetime).truncatedTo(ChronoUnit.MICROS);
        return new Started(secret, session);
    }

    /** Whether the browser's secret is this session's (compared in constant time). */
    public boolean heldBy(String secret) {
        return secret != null && MessageDigest.isEqual(secretHash, BearerSecret.hash(secret));
    }

    /**
     * Whether the session still signs its guest in: not expired, not ended, and the guest exists, may sign in, has accepted
     * and had no sessions revoked since this one began.
     */
    public boolean signsIn(GuestUser guest, Instant now) {
        return revokedAt == null && now.isBefore(expiresAt) && guest != null && guest.id.equals(userId) && guest.accountEnabled
                && guest.hasAccepted() && guest.sessionsValidSince(createdAt);
    }

    /** Whether the person proved themselves to the provider within {@code maxAgeSeconds} (OpenID Connect Core §3.1.2.1). */
    public boolean authenticatedWithin(long maxAgeSeconds, Instant now) {
        // strictly within: max_age=0 always asks the provider again, as Entra does
        return authTime.plusSeconds(maxAgeSeconds).isAfter(now);
    }

    /**
     * Notes that the session signed in to an application, once: one conditional update, so that two sign-ins at the same
     * moment (two tabs, two instances) both stay listed. Runs in the caller's transaction.
     */
    public static Uni<Integer> signedInTo(UUID sessionId, String clientId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update sso_session set client_ids = array_append(client_ids, :client) "
                                + "where id = :id and not (:client = any (client_ids))")
                .setParameter("client", clientId)
                .setParameter("id", sessionId)
                .executeUpdate());
    }

    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    /** revokeSignInSessions, resetRedemption: every live session of the guest ends. */
    public static Uni<Integer> revokeAllOf(UUID userId, Instant now) {
        return update("revokedAt = ?1 where userId = ?2 and revokedAt is null", now, userId);
    }

    /** Sessions that ended (expired or revoked) more than {@link #RETENTION} ago are of no use to anyone (housekeeping). */
    public static Uni<Long> purgeEnded(Instant now) {
        Instant before = now.minus(RETENTION);
        return delete("expiresAt < ?1 or revokedAt < ?1", before);
    }
}
