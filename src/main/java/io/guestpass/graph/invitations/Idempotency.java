package io.guestpass.graph.invitations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestpass.directory.IdempotencyRecord;
import io.guestpass.platform.Caller;
import io.guestpass.platform.DataCipher;
import io.guestpass.platform.GraphException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code Idempotency-Key} on the invite function's POSTs, scoped to the caller (token subject and client). The key is
 * claimed in its own transaction before the work starts, so a concurrent repeat sees it in progress (409, Retry-After 1);
 * a repeat within 24 hours with the same body gets the first response back (status, Location, body), sealed at rest
 * because it may hold a redeem link; the same key with another body is a 409.
 * <p>
 * The work stores its response through its {@link Claim} inside the transaction that commits it: the key and the
 * result commit together. A failure after that commit (the mail hand-off, the connection) never releases the key, so a
 * retry gets the stored result, never a second invitation; a failure before it releases the key for a corrected retry.
 * A claim still in progress after {@link #LEASE} (its request died) may be taken over by a retry, and the claim it
 * replaced can no longer commit.
 */
@ApplicationScoped
public class Idempotency {

    static final Duration RETENTION = Duration.ofHours(24);

    /** How long a claim in progress keeps a retry out: longer than any request lasts, short enough to retry soon. */
    static final Duration LEASE = Duration.ofMinutes(2);

    private static final Logger LOG = Logger.getLogger(Idempotency.class);

    private final ObjectMapper json;
    private final DataCipher cipher;
    private final Clock clock;

    Idempotency(ObjectMapper json, DataCipher cipher, Clock clock) {
        this.json = json;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** What a stored response holds; the body is kept as the JSON text that was sent. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    record StoredResponse(int status, Map<String, String> headers, String body) {
    }

    /** The work's hold on the key. */
    public interface Claim {

        /**
         * Stores the response in the caller's current transaction, so that it commits with the work or not at all; the
         * record then goes with the guest it names. Fails (rolling the work back) when a retry took the claim over.
         */
        Uni<Void> store(Response response, UUID namedUserId);
    }

    /** No key: nothing to store. */
    private static final Claim NONE = (response, namedUserId) -> Uni.createFrom().voidItem();

    private enum Outcome { NEW, IN_PROGRESS, REPLAY, MISMATCH }

    private record ClaimResult(Outcome outcome, IdempotencyRecord existing, UUID recordId) {
    }

    public Uni<Response> once(Caller caller, String key, String operation, Object request, Function<Claim, Uni<Response>> work) {
        if (key == null) {
            return work.apply(NONE);
        }
        if (key.isBlank() || key.length() > 255 || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw GraphException.badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters.");
        }
        byte[] fingerprint = fingerprint(operation, request);
        return claim(caller.scope(), key, fingerprint).chain(result -> proceed(result, work));
    }

    private Uni<Response> proceed(ClaimResult result, Function<Claim, Uni<Response>> work) {
        return switch (result.outcome()) {
            case NEW -> {
                HeldClaim held = new HeldClaim(result.recordId());
                yield work.apply(held).onItemOrFailure().transformToUni((response, failure) -> failure != null
                        ? release(result.recordId()).chain(() -> Uni.createFrom().<Response>failure(failure))
                        : restore(held, response));
            }
            case IN_PROGRESS -> Uni.createFrom().<Response>failure(
                    GraphException.conflictRetryLater("A request with this Idempotency-Key is still being processed."));
            case MISMATCH -> Uni.createFrom().<Response>failure(
                    GraphException.conflict("This Idempotency-Key was used with a different request body."));
            case REPLAY -> Uni.createFrom().item(replay(result.existing()));
        };
    }

    /** A claim this request holds: its record's id, and the guest its stored response names. */
    private final class HeldClaim implements Claim {
        final UUID recordId;
        UUID namedUserId;

        HeldClaim(UUID recordId) {
            this.recordId = recordId;
        }

        @Override
        public Uni<Void> store(Response response, UUID namedUserId) {
            this.namedUserId = namedUserId;
            String sealed = cipher.seal("idempotency", write(stored(response)));
            return IdempotencyRecord.update("state = ?1, responseStatus = ?2, sealedResponse = ?3, userId = ?4 "
                            + "where id = ?5 and state = ?6", IdempotencyRecord.State.Completed, response.getStatus(), sealed,
                    namedUserId, recordId, IdempotencyRecord.State.InProgress)
                    .map(updated -> {
                        if (updated != 1) {
                            throw GraphException.conflictRetryLater("This Idempotency-Key was taken over by a retry.");
                        }
                        return null;
                    });
        }
    }

    private Uni<ClaimResult> claim(String scope, String key, byte[] fingerprint) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        // a record past its retention, or still in progress past its lease (its request died), is claimed anew
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into idempotency_record (id, caller_scope, idempotency_key, request_hash, state, created_at) "
                                + "values (:id, :scope, :key, :hash, 'InProgress', :now) on conflict (caller_scope, idempotency_key) do update "
                                + "set id = excluded.id, request_hash = excluded.request_hash, state = 'InProgress', response_status = null, "
                                + "sealed_response = null, user_id = null, created_at = excluded.created_at "
                                + "where idempotency_record.created_at < :expired "
                                + "or (idempotency_record.state = 'InProgress' and idempotency_record.created_at < :leaseEnded)")
                        .setParameter("id", id)
                        .setParameter("scope", scope)
                        .setParameter("key", key)
                        .setParameter("hash", fingerprint)
                        .setParameter("now", now)
                        .setParameter("expired", now.minus(RETENTION))
                        .setParameter("leaseEnded", now.minus(LEASE))
                        .executeUpdate())
                .chain(inserted -> inserted == 1
                        ? Uni.createFrom().item(new ClaimResult(Outcome.NEW, null, id))
                        : IdempotencyRecord.<IdempotencyRecord>find("callerScope = ?1 and idempotencyKey = ?2", scope, key)
                                .firstResult().map(existing -> classify(existing, fingerprint))));
    }

    private static ClaimResult classify(IdempotencyRecord existing, byte[] fingerprint) {
        if (existing == null) {
            return new ClaimResult(Outcome.IN_PROGRESS, null, null);
        }
        if (!MessageDigest.isEqual(existing.requestHash, fingerprint)) {
            return new ClaimResult(Outcome.MISMATCH, existing, existing.id);
        }
        return new ClaimResult(existing.state == IdempotencyRecord.State.Completed ? Outcome.REPLAY : Outcome.IN_PROGRESS,
                existing, existing.id);
    }

    /**
     * The work succeeded: the final response (its mail may have gone out since the commit) replaces the stored one, or is
     * stored now if the work stored none. The work has committed, so failing to store again only leaves the first.
     */
    private Uni<Response> restore(HeldClaim held, Response response) {
        StoredResponse stored = stored(response);
        return Panache.withTransaction(() -> IdempotencyRecord.<IdempotencyRecord>findById(held.recordId).invoke(record -> {
                    if (record != null) {
                        record.state = IdempotencyRecord.State.Completed;
                        record.responseStatus = stored.status();
                        record.sealedResponse = cipher.seal("idempotency", write(stored));
                        record.userId = held.namedUserId;
                    }
                }))
                .replaceWith(() -> rebuild(stored))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Idempotency record %s kept its first response: %s", held.recordId, failure.getClass().getName());
                    return rebuild(stored);
                });
    }

    private StoredResponse stored(Response response) {
        String body;
        try {
            body = response.getEntity() == null ? null : json.writeValueAsString(response.getEntity());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Object location = response.getHeaders().getFirst("Location");
        if (location != null) {
            headers.put("Location", location.toString());
        }
        return new StoredResponse(response.getStatus(), headers, body);
    }

    /**
     * The work failed. Only a claim still in progress is released: one whose response was stored committed its work,
     * and a retry must get that result back.
     */
    private Uni<Void> release(UUID recordId) {
        return Panache.withTransaction(() -> IdempotencyRecord.delete("id = ?1 and state = ?2", recordId,
                IdempotencyRecord.State.InProgress)).replaceWithVoid();
    }

    private Response replay(IdempotencyRecord record) {
        try {
            return rebuild(json.readValue(cipher.open("idempotency", record.sealedResponse), StoredResponse.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response rebuild(StoredResponse stored) {
        Response.ResponseBuilder builder = Response.status(stored.status());
        stored.headers().forEach(builder::header);
        if (stored.body() != null) {
            builder.entity(stored.body()).type(MediaType.APPLICATION_JSON_TYPE);
        }
        return builder.build();
    }

    private String write(StoredResponse stored) {
        try {
            return json.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] fingerprint(String operation, Object request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(operation.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(json.writeValueAsBytes(request));
            return digest.digest();
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
