package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Who changed what, when, under which request. Personal data sits apart so that deleting a user can erase it. */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    public static final String USER = "user";
    public static final String APPLICATION = "application";

    @Id
    public UUID id;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "actor_subject")
    public String actorSubject;

    @Column(name = "actor_client")
    public String actorClient;

    /** {@link #USER} or {@link #APPLICATION}; null for events written before it was recorded. */
    @Column(name = "actor_type")
    public String actorType;

    public String action;

    @Column(name = "target_type")
    public String targetType;

    @Column(name = "target_id")
    public String targetId;

    @Column(name = "request_id")
    public String requestId;

    /** The directory user the event concerns; kept when the user is deleted, unlike {@link #personalData}. */
    @Column(name = "user_id")
    public UUID userId;

    /** For a refused authorization: the request refused (method and path). */
    public String operation;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "personal_data")
    public Map<String, String> personalData;
}
