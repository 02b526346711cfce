package io.guestpass.signup;

import io.guestpass.directory.EmailAddress;
import io.guestpass.federation.FederatedIdentity;

import java.util.LinkedHashMap;
import java.util.Map;

/** How checked sign-up values become a guest: the name it is shown with, and the attributes kept beside the fixed fields. */
final class GuestAttributes {

    private GuestAttributes() {
    }

    /** The collected display name, else the provider's name, else given name and surname, else the address. */
    static String displayName(Map<String, Object> values, FederatedIdentity identity, EmailAddress address) {
        if (values.get("displayName") instanceof String collected) {
            return collected;
        }
        if (identity.name() != null && !identity.name().isBlank() && identity.name().chars().noneMatch(Character::isISOControl)) {
            String name = identity.name().strip();
            return name.length() > AttributeForm.MAX_LENGTH ? name.substring(0, AttributeForm.MAX_LENGTH) : name;
        }
        String given = values.get("givenName") instanceof String g ? g : "";
        String surname = values.get("surname") instanceof String s ? s : "";
        String joined = (given + " " + surname).strip();
        return joined.isEmpty() ? address.value() : joined;
    }

    /** The email and display name are the guest's own fields; everything else is kept as collected. */
    static Map<String, Object> stored(Map<String, Object> values) {
        Map<String, Object> kept = new LinkedHashMap<>(values);
        kept.remove(AttributeForm.EMAIL);
        kept.remove("displayName");
        return kept;
    }
}
