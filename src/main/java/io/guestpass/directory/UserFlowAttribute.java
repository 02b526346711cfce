package io.guestpass.directory;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An attribute a user flow may collect (Graph's {@code identityUserFlowAttribute}): the built-in ones are fixed here, the
 * custom ones are rows. A custom attribute's id is what guests carry it as, {@code extension_<extensionsAppId>_<name>},
 * where (ours) the extensions app id is the directory id without hyphens.
 */
@Entity
@Table(name = "user_flow_attribute")
public class UserFlowAttribute extends PanacheEntityBase {

    public enum DataType { string, stringCollection, int64, dateTime, booleanValue;

        /** Graph's spelling ({@code boolean} is a Java keyword). */
        public String graphName() {
            return this == booleanValue ? "boolean" : name();
        }

        public static Optional<DataType> ofGraphName(String name) {
            for (DataType type : values()) {
                if (type.graphName().equals(name)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    public enum Kind { builtIn, custom }

    /** The built-in attributes, as Entra lists them; all strings. */
    public static final List<UserFlowAttribute> BUILT_IN = List.of(
            builtIn("email", "Email Address", "Email address of the user"),
            builtIn("displayName", "Display Name", "Display Name of the User."),
            builtIn("givenName", "Given Name", "The user's given name (also known as first name)."),
            builtIn("surname", "Surname", "The user's surname (also known as family name or last name)."),
            builtIn("jobTitle", "Job Title", "The user's job title."),
            builtIn("streetAddress", "Street Address", "The street address where the user is located."),
            builtIn("city", "City", "The city in which the user is located."),
            builtIn("postalCode", "Postal Code", "The postal code of the user's address."),
            builtIn("state", "State/Province", "The state or province in user's address."),
            builtIn("country", "Country/Region", "The country/region in which the user is located."));

    @Id
    public String id;

    @Column(name = "display_name")
    public String displayName;

    public String description;

    @Enumerated(EnumType.STRING)
    @Column(name = "data_type")
    public DataType dataType;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Rows are custom attributes, named by their extension prefix; the built-in ones are the fixed list above. */
    public Kind kind() {
        return id.startsWith("extension_") ? Kind.custom : Kind.builtIn;
    }

    public static UserFlowAttribute custom(UUID directoryId, String name, String description, DataType dataType, Instant now) {
        UserFlowAttribute attribute = new UserFlowAttribute();
        attribute.id = customId(directoryId, name);
        attribute.displayName = name;
        attribute.description = description;
        attribute.dataType = dataType;
        attribute.createdAt = now;
        return attribute;
    }

    /** {@code extension_<directory id without hyphens>_<name>}: the name users and tokens carry the attribute under. */
    public static String customId(UUID directoryId, String name) {
        return "extension_" + extensionsAppId(directoryId) + "_" + name;
    }

    public static String extensionsAppId(UUID directoryId) {
        return directoryId.toString().replace("-", "");
    }

    public static Optional<UserFlowAttribute> builtIn(String id) {
        return BUILT_IN.stream().filter(a -> a.id.equals(id)).findFirst();
    }

    private static UserFlowAttribute builtIn(String id, String displayName, String description) {
        UserFlowAttribute attribute = new UserFlowAttribute();
        attribute.id = id;
        attribute.displayName = displayName;
        attribute.description = description;
        attribute.dataType = DataType.string;
        return attribute;
    }
}
