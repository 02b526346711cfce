package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A sign-in identity linked to a guest, keyed by (issuer, issuerAssignedId) — never by email. For Microsoft accounts the
 * issuerAssignedId is the account's {@code oid}; the pairwise {@code sub} is kept beside it with the client id that produced it.
 */
@Entity
@Table(name = "sign_in_identity")
public class SignInIdentity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "sign_in_type")
    public String signInType;

    public String issuer;

    @Column(name = "issuer_assigned_id")
    public String issuerAssignedId;

    public String subject;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "created_at")
    public Instant createdAt;
}
