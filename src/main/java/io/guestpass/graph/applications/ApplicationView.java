package io.guestpass.graph.applications;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** Graph's application resource, and the complex types it is made of (the same shapes are read and written). */
@JsonPropertyOrder({ "@odata.context", "id", "appId" })
public record ApplicationView(
        @JsonProperty("@odata.context") @JsonInclude(JsonInclude.Include.NON_NULL) String odataContext,
        String id,
        String appId,
        String displayName,
        String signInAudience,
        String createdDateTime,
        List<String> identifierUris,
        WebApplication web,
        SpaApplication spa,
        PublicClientApplication publicClient,
        ApiApplication api,
        List<PasswordCredential> passwordCredentials,
        /** Ours: the Guestpass API permissions its client-credentials tokens carry in {@code roles}. */
        List<String> grantedPermissions,
        /** Ours: the Microsoft-account client ids whose ID tokens it may present to the sign-up back-end API. */
        List<String> microsoftAccountClientIds) {

    public record WebApplication(List<String> redirectUris, String logoutUrl) {
    }

    public record SpaApplication(List<String> redirectUris) {
    }

    public record PublicClientApplication(List<String> redirectUris) {
    }

    public record ApiApplication(List<PermissionScope> oauth2PermissionScopes) {
    }

    /** Graph's permissionScope; {@code isEnabled} boxed so that Jackson names the property exactly so. */
    public record PermissionScope(String id, String value, String adminConsentDisplayName, String adminConsentDescription,
            String userConsentDisplayName, String userConsentDescription, Boolean isEnabled, String type) {
    }

    /** Graph's passwordCredential; {@code secretText} appears once, in the answer to addPassword. */
    @JsonPropertyOrder(alphabetic = true)
    public record PasswordCredential(String customKeyIdentifier, String displayName, String endDateTime, String hint,
            String keyId, @JsonInclude(JsonInclude.Include.NON_NULL) String secretText, String startDateTime) {
    }
}
