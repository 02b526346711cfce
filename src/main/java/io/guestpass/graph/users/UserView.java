package io.guestpass.graph.users;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/** Graph's user resource, for guests. */
@JsonPropertyOrder({ "@odata.context", "id" })
public record UserView(
        @JsonProperty("@odata.context") @JsonInclude(JsonInclude.Include.NON_NULL) String odataContext,
        String id,
        String displayName,
        String mail,
        List<String> otherMails,
        String userType,
        String userPrincipalName,
        String externalUserState,
        String externalUserStateChangeDateTime,
        String creationType,
        String createdDateTime,
        boolean accountEnabled,
        String signInSessionsValidFromDateTime,
        List<Identity> identities,
        @JsonIgnore Map<String, Object> attributes) {

    /** What sign-up collected, as Graph shows it: built-in ones (city, jobTitle…) and extension_… ones beside the rest. */
    @JsonAnyGetter
    Map<String, Object> collectedAttributes() {
        return attributes == null ? Map.of() : attributes;
    }

    public record Identity(String signInType, String issuer, String issuerAssignedId) {
    }
}
