package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * An authorization code given to an application for one signed-in guest: 256 random bits, stored as their SHA-256 only,
 * bound to the client, the redirect URI and the PKCE challenge, valid for {@link #LIFETIME} and usable once.
 */
@Entity
@Table(name = "authorization_code")
public class AuthorizationCode extends PanacheEntityBase {

    public static final Duration LIFETIME = Duration.ofSeconds(60);

    @Id
    @Column(name = "code_hash")
    public byte[] codeHash;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "redirect_uri")
    public String redirectUri;

    @Column(name = "code_challenge")
    public String codeChallenge;

    @Column(name = "user_id")
    public UUID userId;

    public String scope;

    /** The appId of the API the access token is for; null when it is for the userinfo endpoint. */
    public String resource;

    public String nonce;

    @Column(name = "auth_time")
    public Instant authTime;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "token_id")
    public UUID tokenId;

    /** The identity provider the guest signed in with, as the {@code idp} claim names it (e.g. live.com). */
    public String idp;

    /** The SSO session the code was issued under (the ID token's {@code sid}); null for codes from before sessions. */
    @Column(name = "session_id")
    public UUID sessionId;

    /** A code and the row that stands for it; the plaintext goes to the application only. */
    public record Issued(String plaintext, AuthorizationCode code) {
    }

    public static Issued issue(String clientId, String redirectUri, String codeChallenge, UUID userId, String scope, String resource, String nonce,
            String idp, Instant authTime, Instant now) {
        String plaintext = BearerSecret.fresh();
        AuthorizationCode code = new AuthorizationCode();
        code.codeHash = hash(plaintext);
        code.clientId = clientId;
        code.redirectUri = redirectUri;
        code.codeChallenge = codeChallenge;
        code.userId = userId;
        code.scope = scope;
        code.resource = resource;
        code.nonce = nonce;
        code.authTime = authTime;
        code.idp = idp;
        code.createdAt = now;
        code.expiresAt = now.plus(LIFETIME);
        code.tokenId = UUID.randomUUID();
        return new Issued(plaintext, code);
    }

    public static byte[] hash(String plaintext) {
        return BearerSecret.hash(plaintext);
    }

    /**
     * Marks the code redeemed, if nobody has: one conditional update, so that of two exchanges at the same moment (on any
     * instances) exactly one gets the row. Answers the row for the winner, null otherwise. Runs in the caller's transaction.
     */
    public static Uni<AuthorizationCode> redeem(byte[] codeHash, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update authorization_code set redeemed_at = :now where code_hash = :hash and redeemed_at is null "
                                + "and revoked_at is null returning *", AuthorizationCode.class)
                .setParameter("now", now)
                .setParameter("hash", codeHash)
                .getSingleResultOrNull());
    }

    /**
     * A code presented a second time: the grant is revoked (RFC 6749 §4.1.2: tokens issued for it should be revoked), so
     * whoever exchanged it first loses what it got as well, refresh tokens included. Answers whether the code existed at all.
     */
    public static Uni<Boolean> revoke(byte[] codeHash, Instant now) {
        return update("revokedAt = ?1 where codeHash = ?2 and revokedAt is null", now, codeHash)
                .call(() -> RefreshToken.revokeFamilyOfCode(codeHash, now))
                .chain(changed -> changed > 0
                ? Uni.createFrom().item(true) : count("codeHash", codeHash).map(n -> n > 0));
    }

    /** Whether tokens issued under this token id are still good (their code was not replayed, their guest not deleted). */
    public static Uni<Boolean> tokensValid(UUID tokenId) {
        return count("tokenId = ?1 and revokedAt is null", tokenId).map(n -> n > 0);
    }

    /** Codes past their lifetime are of no use to anyone (housekeeping); kept a day so that replays are still recognised. */
    public static Uni<Long> purgeExpired(Instant now) {
        return delete("expiresAt < ?1", now.minus(Duration.ofDays(1)));
    }
}
