package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
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

    /**
     * Links an identity (issuer, issuerAssignedId) to the guest unless it is linked already, and answers whom it belongs
     * to. One statement, so that one account accepting two invitations at the same moment cannot meet the unique
     * constraint: the second waits for the first and sees its row. The no-op update makes RETURNING give the existing
     * row's owner. Runs in the caller's transaction.
     */
    public static Uni<UUID> link(UUID userId, String issuer, String issuerAssignedId, String subject, String clientId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into sign_in_identity (id, user_id, sign_in_type, issuer, issuer_assigned_id, subject, client_id, created_at) "
                                + "values (:id, :userId, 'federated', :issuer, :issuerAssignedId, :subject, :clientId, :now) "
                                + "on conflict (issuer, issuer_assigned_id) do update set issuer = excluded.issuer returning user_id", UUID.class)
                .setParameter("id", UUID.randomUUID())
                .setParameter("userId", userId)
                .setParameter("issuer", issuer)
                .setParameter("issuerAssignedId", issuerAssignedId)
                .setParameter("subject", subject)
                .setParameter("clientId", clientId)
                .setParameter("now", now)
                .getSingleResult());
    }

    /** The guest this identity is linked to, or null. */
    public static Uni<UUID> ownerOf(String issuer, String issuerAssignedId) {
        return SignInIdentity.<SignInIdentity>find("issuer = ?1 and issuerAssignedId = ?2", issuer, issuerAssignedId)
                .firstResult().map(identity -> identity == null ? null : identity.userId);
    }
}
