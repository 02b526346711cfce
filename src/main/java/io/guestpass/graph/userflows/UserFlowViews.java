package io.guestpass.graph.userflows;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.guestpass.directory.UserFlow;

import java.util.List;
import java.util.Map;

/** The shapes of the user-flow API: Graph's b2xIdentityUserFlow, identityUserFlowAttribute(Assignment) and $ref bodies. */
public final class UserFlowViews {

    private UserFlowViews() {
    }

    @JsonPropertyOrder({ "@odata.context", "id", "userFlowType", "userFlowTypeVersion" })
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Flow(@JsonProperty("@odata.context") String context, String id, String userFlowType, int userFlowTypeVersion) {
    }

    /** POST /b2xUserFlows. {@code apiConnectorConfiguration} is accepted empty; connectors are bound through their $ref. */
    public record FlowRequest(String id, String userFlowType, Integer userFlowTypeVersion, Map<String, Object> apiConnectorConfiguration) {
    }

    @JsonPropertyOrder({ "@odata.context", "id", "displayName", "description", "userFlowAttributeType", "dataType" })
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attribute(@JsonProperty("@odata.context") String context, String id, String displayName, String description,
            String userFlowAttributeType, String dataType) {
    }

    /** POST /userFlowAttributes (all three) and PATCH (description only). */
    public record AttributeRequest(String displayName, String description, String dataType) {
    }

    @JsonPropertyOrder({ "@odata.context", "id", "displayName", "isOptional", "requiresVerification", "userInputType", "userAttributeValues" })
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Assignment(@JsonProperty("@odata.context") String context, String id, String displayName, boolean isOptional,
            boolean requiresVerification, String userInputType, List<UserFlow.AttributeValue> userAttributeValues) {
    }

    public record AttributeReference(String id) {
    }

    /** POST and PATCH userAttributeAssignments; a PATCH leaves out what it does not change and may not name the attribute. */
    public record AssignmentRequest(String displayName, Boolean isOptional, Boolean requiresVerification, String userInputType,
            List<UserFlow.AttributeValue> userAttributeValues, AttributeReference userAttribute) {
    }

    /** {@code {"@odata.id": "…/identityProviders/MSASignup-OAUTH"}}. */
    public record Reference(@JsonProperty("@odata.id") String odataId) {
    }

    public record AssignmentOrder(List<String> order) {
    }

    /** Body of setOrder. */
    public record SetOrder(AssignmentOrder newAssignmentOrder) {
    }

    /** (ours) An application that offers the flow's sign-up. */
    @JsonPropertyOrder({ "id", "appId", "displayName" })
    public record LinkedApplication(String id, String appId, String displayName) {
    }

    /** (ours) The connectors a flow calls, as {@code GET …/apiConnectorConfiguration} shows them. */
    @JsonPropertyOrder({ "@odata.context", "postFederationSignup", "postAttributeCollection" })
    public record ConnectorConfiguration(@JsonProperty("@odata.context") String context, BoundConnector postFederationSignup,
            BoundConnector postAttributeCollection) {
    }

    @JsonPropertyOrder({ "id", "displayName", "targetUrl" })
    public record BoundConnector(String id, String displayName, String targetUrl) {
    }
}
