package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A self-service sign-up user flow (Graph's {@code b2xIdentityUserFlow}): which identity providers its first page offers
 * and which attributes its form collects, both in order. The assignments live in the flow's row, so that reordering and
 * changing them is one optimistic-locked update of one row rather than a dance of position columns.
 */
@Entity
@Table(name = "user_flow")
public class UserFlow extends PanacheEntityBase {

    public static final String ID_PREFIX = "B2X_1_";
    public static final String SIGN_UP_OR_SIGN_IN = "signUpOrSignIn";

    /** How a form field asks for an attribute; Graph's identityUserFlowAttributeInputType. */
    public enum InputType { textBox, dateTimeDropdown, radioSingleSelect, dropdownSingleSelect, emailBox, checkboxMultiSelect }

    /** One choice of a select, radio or checkbox input (Graph's userAttributeValuesItem). */
    @RegisterForReflection
    public record AttributeValue(String name, String value, boolean isDefault) {
    }

    /** How the flow collects one attribute (Graph's identityUserFlowAttributeAssignment; its id is the attribute's). */
    @RegisterForReflection
    public record Assignment(String attributeId, String displayName, boolean isOptional, boolean requiresVerification,
            InputType userInputType, List<AttributeValue> userAttributeValues) {
    }

    @RegisterForReflection
    public record Assignments(List<Assignment> items) {
    }

    @Id
    public String id;

    @Column(name = "user_flow_type")
    public String userFlowType;

    @Column(name = "user_flow_type_version")
    public int userFlowTypeVersion;

    /** Ids of the identity providers the flow offers, in the order its page shows them. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "identity_providers", columnDefinition = "text[]")
    public List<String> identityProviders = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "attribute_assignments")
    Assignments assignments = new Assignments(List.of());

    /** The API connector called right after the person signed in at the provider, before the attribute page. */
    @Column(name = "post_federation_signup_connector")
    public UUID postFederationSignupConnector;

    /** The API connector called after the attribute page, before the guest exists. */
    @Column(name = "post_attribute_collection_connector")
    public UUID postAttributeCollectionConnector;

    @Column(name = "created_at")
    public Instant createdAt;

    @Version
    public int version;

    /** A new flow offering the given providers (the Microsoft account, unless the administrator changes it). */
    public static UserFlow create(String name, List<String> providers, Instant now) {
        UserFlow flow = new UserFlow();
        flow.id = ID_PREFIX + name;
        flow.userFlowType = SIGN_UP_OR_SIGN_IN;
        flow.userFlowTypeVersion = 1;
        flow.identityProviders = new ArrayList<>(providers);
        flow.createdAt = now;
        return flow;
    }

    public List<Assignment> assignments() {
        return assignments.items();
    }

    public Optional<Assignment> assignment(String attributeId) {
        return assignments.items().stream().filter(a -> a.attributeId().equals(attributeId)).findFirst();
    }

    /** Adds an assignment at the end of the form; false when the attribute is already collected. */
    public boolean assign(Assignment assignment) {
        if (assignment(assignment.attributeId()).isPresent()) {
            return false;
        }
        List<Assignment> items = new ArrayList<>(assignments.items());
        items.add(assignment);
        assignments = new Assignments(items);
        return true;
    }

    /** Replaces an assignment in place (its position kept). */
    public void replace(Assignment assignment) {
        assignments = new Assignments(assignments.items().stream()
                .map(a -> a.attributeId().equals(assignment.attributeId()) ? assignment : a).toList());
    }

    public boolean unassign(String attributeId) {
        List<Assignment> items = new ArrayList<>(assignments.items());
        boolean removed = items.removeIf(a -> a.attributeId().equals(attributeId));
        assignments = new Assignments(items);
        return removed;
    }

    /** Graph's setOrder: the new order must name every assigned attribute exactly once. */
    public boolean reorder(List<String> attributeIds) {
        if (attributeIds.size() != assignments.items().size() || new LinkedHashSet<>(attributeIds).size() != attributeIds.size()) {
            return false;
        }
        List<Assignment> items = new ArrayList<>();
        for (String id : attributeIds) {
            Optional<Assignment> found = assignment(id);
            if (found.isEmpty()) {
                return false;
            }
            items.add(found.get());
        }
        assignments = new Assignments(items);
        return true;
    }

    public boolean collects(String attributeId) {
        return assignment(attributeId).isPresent();
    }
}
