package io.guestpass.graph.policies;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The policy resources and their PATCH bodies. */
final class PolicyViews {

    private PolicyViews() {
    }

    @JsonPropertyOrder({ "@odata.context", "id" })
    record AuthorizationPolicy(@JsonProperty("@odata.context") String context, String id, String displayName,
            String allowInvitesFrom) {
    }

    record AuthorizationPolicyPatch(String allowInvitesFrom) {
    }

    @JsonPropertyOrder({ "@odata.context", "id" })
    record InvitationPolicy(@JsonProperty("@odata.context") String context, String id, List<String> allowedDomains,
            List<String> blockedDomains, List<String> allowedRedirectOrigins, boolean requireMatchingAddress,
            int invitationLifetimeDays, List<String> redemptionProviders) {
    }

    record InvitationPolicyPatch(List<String> allowedDomains, List<String> blockedDomains, List<String> allowedRedirectOrigins,
            Boolean requireMatchingAddress, Integer invitationLifetimeDays, List<String> redemptionProviders) {
    }

    @JsonPropertyOrder({ "@odata.context", "id" })
    record AuthenticationFlowsPolicy(@JsonProperty("@odata.context") String context, String id, String displayName,
            SelfServiceSignUp selfServiceSignUp) {
    }

    record AuthenticationFlowsPolicyPatch(SelfServiceSignUp selfServiceSignUp) {
    }

    record SelfServiceSignUp(Boolean isEnabled) {
    }
}
