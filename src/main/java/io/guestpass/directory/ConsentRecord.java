package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A guest accepted the organization's terms (in this version) when redeeming an invitation. */
@Entity
@Table(name = "consent_record")
public class ConsentRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "invitation_id")
    public UUID invitationId;

    @Column(name = "terms_version")
    public String termsVersion;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    /** The guest accepted the terms in this version, on the way to accepting this invitation. */
    public static ConsentRecord accepted(UUID userId, UUID invitationId, String termsVersion, Instant now) {
        ConsentRecord consent = new ConsentRecord();
        consent.id = UUID.randomUUID();
        consent.userId = userId;
        consent.invitationId = invitationId;
        consent.termsVersion = termsVersion;
        consent.acceptedAt = now;
        return consent;
    }
}
