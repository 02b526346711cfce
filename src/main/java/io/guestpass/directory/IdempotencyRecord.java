package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The first response to a POST sent with an Idempotency-Key, kept 24 hours for the caller that sent it. */
@Entity
@Table(name = "idempotency_record")
public class IdempotencyRecord extends PanacheEntityBase {

    public enum State { InProgress, Completed }

    @Id
    public UUID id;

    @Column(name = "caller_scope")
    public String callerScope;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_hash")
    public byte[] requestHash;

    @Enumerated(EnumType.STRING)
    public State state;

    @Column(name = "response_status")
    public Integer responseStatus;

    @Column(name = "sealed_response")
    public String sealedResponse;

    /** The guest the stored response names: deleting the guest deletes this record (ON DELETE CASCADE). */
    @Column(name = "user_id")
    public UUID userId;

    /** When the key was claimed: a record still InProgress a lease after this may be taken over by a retry. */
    @Column(name = "created_at")
    public Instant createdAt;
}
