package io.guestpass.signup.api;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * ID tokens already accepted (V19), by SHA-256. One statement on the pool, outside any caller's transaction: it commits
 * on its own, so the row exists for every other instance the moment the token is accepted, and a caller's later rollback
 * cannot give the token a second life.
 */
@ApplicationScoped
public class ConsumedIdTokens {

    private final Pool pool;

    ConsumedIdTokens(Pool pool) {
        this.pool = pool;
    }

    /** True for the first use of this token, false for every later one (the primary key decides between racing uses). */
    public Uni<Boolean> consume(String idToken, Instant expiresAt) {
        return pool.preparedQuery("insert into consumed_id_token (token_hash, expires_at) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(Buffer.buffer(sha256(idToken)), expiresAt.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The worker's purge: tokens that have expired can no longer pass the expiry check, so their rows are not needed. */
    public Uni<Integer> purgeExpired(Instant now) {
        return pool.preparedQuery("delete from consumed_id_token where expires_at < $1")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
