package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/** (ours) Whether a built-in identity provider is enabled for sign-up; no row means enabled. */
@Entity
@Table(name = "identity_provider_state")
public class IdentityProviderState extends PanacheEntityBase {

    @Id
    public String id;

    public boolean enabled;

    @Column(name = "changed_at")
    public Instant changedAt;

    public static Uni<Set<String>> disabledIds() {
        return IdentityProviderState.<IdentityProviderState>list("enabled = false")
                .map(rows -> rows.stream().map(row -> row.id).collect(Collectors.toSet()));
    }

    /** Sets the state in one statement, so that two administrators switching it at once never meet a duplicate key. */
    public static Uni<Integer> set(String id, boolean enabled, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into identity_provider_state (id, enabled, changed_at) "
                + "values (?1, ?2, ?3) on conflict (id) do update set enabled = excluded.enabled, changed_at = excluded.changed_at")
                .setParameter(1, id).setParameter(2, enabled).setParameter(3, now).executeUpdate());
    }

}
