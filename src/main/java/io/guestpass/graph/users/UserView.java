package io.guestpass.graph.users;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

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
        List<Identity> identities) {

    public record Identity(String signInType, String issuer, String issuerAssignedId) {
    }
}
