package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
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
 * A refresh token (RFC 6749 §6) given to an application that was granted {@code offline_access}: a {@link BearerSecret},
 * stored as its SHA-256 only. Each use rotates it (RFC 9700 §4.14.2): the presented token is marked used by one conditional
 * update and a new one takes its place. The tokens that descend from one authorization code form a <em>family</em>
 * ({@link #familyId} = that code's token id); when a rotated token of a public or single-page client comes back, someone
 * holds a copy, and the whole family is revoked. A web client's tokens are bound to its secret instead: the token endpoint
 * accepts them only from that client, authenticated.
 */
@Entity
@Table(name = "refresh_token")
public class RefreshToken extends PanacheEntityBase {

    @Id
    @Column(name = "token_hash")
    public byte[] tokenHash;

    @Column(name = "family_id")
    public UUID familyId;

    @Column(name = "client_id")
    public String clientId;

    /** The platform of the redirect URI the family's code was redeemed at: decides binding, reuse detection and lifetime. */
    @Enumerated(EnumType.STRING)
    @Column(name = "client_kind")
    public Application.ClientKind clientKind;

    @Column(name = "user_id")
    public UUID userId;

    /** The scope granted at sign-in; a refresh may ask for less, never more. */
    public String scope;

    public String resource;

    public String idp;

    @Column(name = "auth_time")
    public Instant authTime;

    /** The SSO session the family's sign-in belonged to, if any: refreshed ID tokens keep its {@code sid}. */
    @Column(name = "session_id")
    public UUID sessionId;

    /** When the family's sign-in gave its code: revoking a guest's sign-in sessions refuses families from before it. */
    @Column(name = "signed_in_at")
    public Instant signedInAt;

    /** The id ({@code jti}) of the access token issued together with this refresh token. */
    @Column(name = "token_id")
    public UUID tokenId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** A refresh token and the row that stands for it; the plaintext goes to the application only. */
    public record Issued(String plaintext, RefreshToken token) {
    }

    /** The first token of a family, for the tokens just issued for an authorization code. */
    public static Issued first(AuthorizationCode code, Application.ClientKind kind, Instant now, Duration lifetime) {
        RefreshToken token = new RefreshToken();
        token.familyId = code.tokenId;
        token.clientId = code.clientId;
        token.clientKind = kind;
        token.userId = code.userId;
        token.scope = code.scope;
        token.resource = code.resource;
        token.idp = code.idp;
        token.authTime = code.authTime;
        token.sessionId = code.sessionId;
        token.signedInAt = code.createdAt;
        token.tokenId = code.tokenId;
        return token.issue(now, lifetime);
    }

    /**
     * The token that replaces this one, with a new access-token id. A single-page application's family keeps the expiry
     * it got at sign-in (its tokens sit in browser storage that script can read: a stolen one must not live on by being
     * rotated); everyone else's starts a new lifetime.
     */
    public Issued successor(Instant now, Duration lifetime) {
        RefreshToken next = new RefreshToken();
        next.familyId = familyId;
        next.clientId = clientId;
        next.clientKind = clientKind;
        next.userId = userId;
        next.scope = scope;
        next.resource = resource;
        next.idp = idp;
        next.authTime = authTime;
        next.sessionId = sessionId;
        next.signedInAt = signedInAt;
        next.tokenId = UUID.randomUUID();
        return next.issue(now, lifetime);
    }

    private Issued issue(Instant now, Duration lifetime) {
        String plaintext = BearerSecret.fresh();
        tokenHash = BearerSecret.hash(plaintext);
        createdAt = now;
        expiresAt = clientKind == Application.ClientKind.SPA ? signedInAt.plus(lifetime) : now.plus(lifetime);
        return new Issued(plaintext, this);
    }

    public static Uni<RefreshToken> find(String plaintext) {
        return findById(BearerSecret.hash(plaintext));
    }

    public boolean usableAt(Instant now) {
        return usedAt == null && revokedAt == null && now.isBefore(expiresAt);
    }

    /**
     * Marks the token used, if it still can be: one conditional update, so that of two refreshes at the same moment (on
     * any instances) exactly one wins. Also refused when any token of its family was revoked (a successor written while
     * its family was being revoked). Answers whether this caller won. Runs in the caller's transaction.
     */
    public static Uni<Boolean> rotate(byte[] tokenHash, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update refresh_token t set used_at = :now where token_hash = :hash and used_at is null and revoked_at is null "
                                + "and expires_at > :now and not exists (select 1 from refresh_token f where f.family_id = t.family_id "
                                + "and f.revoked_at is not null)")
                .setParameter("now", now)
                .setParameter("hash", tokenHash)
                .executeUpdate()).map(changed -> changed == 1);
    }

    /**
     * Revokes every token of a family and the grant of the code that started it, so that the access tokens they gave
     * stop working where Guestpass checks them (userinfo).
     */
    public static Uni<Integer> revokeFamily(UUID familyId, Instant now) {
        return update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, familyId)
                .call(() -> AuthorizationCode.update("revokedAt = ?1 where tokenId = ?2 and revokedAt is null", now, familyId));
    }

    /** A replayed authorization code: the family its first exchange started is revoked with it (RFC 6749 §4.1.2). */
    public static Uni<Integer> revokeFamilyOfCode(byte[] codeHash, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update refresh_token set revoked_at = :now where revoked_at is null and family_id = "
                                + "(select token_id from authorization_code where code_hash = :hash)")
                .setParameter("now", now)
                .setParameter("hash", codeHash)
                .executeUpdate());
    }

    /** Whether the access token issued with a refresh token under this id is still good (its family not revoked). */
    public static Uni<Boolean> tokensValid(UUID tokenId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from refresh_token t where t.token_id = :id and t.revoked_at is null and not exists "
                                + "(select 1 from refresh_token f where f.family_id = t.family_id and f.revoked_at is not null)", Long.class)
                .setParameter("id", tokenId)
                .getSingleResult()).map(n -> n > 0);
    }

    /** Expired tokens are of no use, not even to recognise a replay (an expired token is refused anyway). */
    public static Uni<Long> purgeExpired(Instant now) {
        return delete("expiresAt < ?1", now);
    }
}
