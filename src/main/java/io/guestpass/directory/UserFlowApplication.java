package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** (ours) An application that offers a user flow's sign-up; an application offers at most one (the row's key). */
@Entity
@Table(name = "user_flow_application")
public class UserFlowApplication extends PanacheEntityBase {

    /** The application's object id. */
    @Id
    @Column(name = "application_id")
    public UUID applicationId;

    @Column(name = "user_flow_id")
    public String userFlowId;

    @Column(name = "linked_at")
    public Instant linkedAt;

    public static UserFlowApplication link(UUID applicationId, String userFlowId, Instant now) {
        UserFlowApplication link = new UserFlowApplication();
        link.applicationId = applicationId;
        link.userFlowId = userFlowId;
        link.linkedAt = now;
        return link;
    }

    public static Uni<List<UserFlowApplication>> ofFlow(String userFlowId) {
        return list("userFlowId = ?1 order by linkedAt, applicationId", userFlowId);
    }
}
