package io.guestpass.graph.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** Graph's directoryAudit: one event of the audit trail. */
@JsonPropertyOrder({ "@odata.context", "id" })
public record DirectoryAuditView(
        @JsonProperty("@odata.context") @JsonInclude(JsonInclude.Include.NON_NULL) String odataContext,
        String id,
        String activityDateTime,
        String activityDisplayName,
        String category,
        String correlationId,
        String result,
        String resultReason,
        String loggedByService,
        String operationType,
        Initiator initiatedBy,
        List<TargetResource> targetResources,
        List<KeyValue> additionalDetails) {

    /** Graph's auditActivityInitiator: exactly one of {@code user} and {@code app} is set, the other is null. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Initiator(UserIdentity user, AppIdentity app) {
    }

    public record UserIdentity(String id, String displayName, String userPrincipalName, String ipAddress) {
    }

    public record AppIdentity(String appId, String displayName, String servicePrincipalId, String servicePrincipalName) {
    }

    public record TargetResource(String id, String displayName, String type, String userPrincipalName,
            List<ModifiedProperty> modifiedProperties) {
    }

    public record ModifiedProperty(String displayName, String oldValue, String newValue) {
    }

    public record KeyValue(String key, String value) {
    }
}
