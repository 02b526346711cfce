package io.guestpass.invite;

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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} on the invite function's POSTs, scoped to the caller (token subject and client). The key is
 * claimed in its own transaction before the work starts, so a concurrent repeat sees it in progress (409, Retry-After 1);
 * a repeat within 24 hours with the same body gets the first response back (status, Location, body), sealed at rest
 * because it may hold a redeem link; the same key with another body is a 409.
 */
@ApplicationScoped
public class Idempotency {

    static final Duration RETENTION = Duration.ofHours(24);

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

    private enum Claim { NEW, IN_PROGRESS, REPLAY, MISMATCH }

    private record ClaimResult(Claim claim, IdempotencyRecord existing, UUID recordId) {
    }

    public Uni<Response> once(Caller caller, String key, String operation, Object request, Supplier<Uni<Response>> work) {
        if (key == null) {
            return work.get();
        }
        if (key.isBlank() || key.length() > 255 || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw GraphException.badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters.");
        }
        byte[] fingerprint = fingerprint(operation, request);
        return claim(caller.scope(), key, fingerprint).chain(result -> proceed(result, work));
    }

    private Uni<Response> proceed(ClaimResult result, Supplier<Uni<Response>> work) {
        return switch (result.claim()) {
            case NEW -> work.get().onItemOrFailure().transformToUni((response, failure) -> failure != null
                    ? release(result.recordId()).chain(() -> Uni.createFrom().<Response>failure(failure))
                    : complete(result.recordId(), response));
            case IN_PROGRESS -> Uni.createFrom().<Response>failure(
                    GraphException.conflictRetryLater("A request with this Idempotency-Key is still being processed."));
            case MISMATCH -> Uni.createFrom().<Response>failure(
                    GraphException.conflict("This Idempotency-Key was used with a different request body."));
            case REPLAY -> Uni.createFrom().item(replay(result.existing()));
        };
    }

    private Uni<ClaimResult> claim(String scope, String key, byte[] fingerprint) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into idempotency_record (id, caller_scope, idempotency_key, request_hash, state, created_at) "
                                + "values (:id, :scope, :key, :hash, 'InProgress', :now) on conflict (caller_scope, idempotency_key) do update "
                                + "set id = excluded.id, request_hash = excluded.request_hash, state = 'InProgress', response_status = null, "
                                + "sealed_response = null, created_at = excluded.created_at where idempotency_record.created_at < :expired")
                        .setParameter("id", id)
                        .setParameter("scope", scope)
                        .setParameter("key", key)
                        .setParameter("hash", fingerprint)
                        .setParameter("now", now)
                        .setParameter("expired", now.minus(RETENTION))
                        .executeUpdate())
                .chain(inserted -> inserted == 1
                        ? Uni.createFrom().item(new ClaimResult(Claim.NEW, null, id))
                        : IdempotencyRecord.<IdempotencyRecord>find("callerScope = ?1 and idempotencyKey = ?2", scope, key)
                                .firstResult().map(existing -> classify(existing, fingerprint))));
    }

    private static ClaimResult classify(IdempotencyRecord existing, byte[] fingerprint) {
        if (existing == null) {
            return new ClaimResult(Claim.IN_PROGRESS, null, null);
        }
        if (!MessageDigest.isEqual(existing.requestHash, fingerprint)) {
            return new ClaimResult(Claim.MISMATCH, existing, existing.id);
        }
        return new ClaimResult(existing.state == IdempotencyRecord.State.Completed ? Claim.REPLAY : Claim.IN_PROGRESS, existing,
                existing.id);
    }

    private Uni<Response> complete(UUID recordId, Response response) {
        String body;
        try {
            body = response.getEntity() == null ? null : json.writeValueAsString(response.getEntity());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Object location = response.getHeaders().getFirst("Location");
        if (location != null) {
            headers.put("Location", location.toString());
        }
        StoredResponse stored = new StoredResponse(response.getStatus(), headers, body);
        return Panache.withTransaction(() -> IdempotencyRecord.<IdempotencyRecord>findById(recordId).invoke(record -> {
            if (record != null) {
                record.state = IdempotencyRecord.State.Completed;
                record.responseStatus = stored.status();
                record.sealedResponse = cipher.seal("idempotency", write(stored));
            }
        })).replaceWith(() -> rebuild(stored));
    }

    /** The work failed: nothing was created, so the key is free for a corrected retry. */
    private Uni<Void> release(UUID recordId) {
        return Panache.withTransaction(() -> IdempotencyRecord.delete("id", recordId)).replaceWithVoid();
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
