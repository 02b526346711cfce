package io.guestpass.signup;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestpass.connectors.ConnectorAnswer;
import io.guestpass.connectors.ConnectorClient;
import io.guestpass.connectors.ConnectorRequest;
import io.guestpass.connectors.ConnectorStep;
import io.guestpass.directory.ApiConnector;
import io.guestpass.directory.UserFlow;
import io.guestpass.federation.FederatedIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two connector steps of a sign-up, as Entra documents them: what each is sent (the claims that have a value) and how
 * a Continue answer's claims become form values. A step without a connector continues at once. Every call of one HTTP
 * request shares one {@link #BUDGET}, so that both steps together (the back-end API) fit API Gateway's 30 seconds.
 */
@ApplicationScoped
class SignUpConnectors {

    static final Duration BUDGET = Duration.ofSeconds(25);
    private static final ConnectorAnswer NONE = new ConnectorAnswer(ConnectorAnswer.Action.CONTINUE, Map.of(), null, null);

    private final ConnectorClient client;

    SignUpConnectors(ConnectorClient client) {
        this.client = client;
    }

    Uni<ConnectorAnswer> afterFederation(SignUpFlow flow, FederatedIdentity identity, String uiLocales, Instant deadline) {
        Map<String, Object> claims = identityClaims(identity);
        claims.put("displayName", identity.name());
        return call(flow.postFederationSignup(), new ConnectorRequest(ConnectorStep.PostFederationSignup,
                flow.application().appId.toString(), uiLocales, claims), deadline);
    }

    Uni<ConnectorAnswer> afterAttributes(SignUpFlow flow, FederatedIdentity identity, Map<String, Object> collected, String uiLocales,
            Instant deadline) {
        Map<String, Object> claims = identityClaims(identity);
        claims.put("displayName", identity.name());
        claims.putAll(collected);
        return call(flow.postAttributeCollection(), new ConnectorRequest(ConnectorStep.PostAttributeCollection,
                flow.application().appId.toString(), uiLocales, claims), deadline);
    }

    private Uni<ConnectorAnswer> call(ApiConnector connector, ConnectorRequest request, Instant deadline) {
        return connector == null ? Uni.createFrom().item(NONE) : client.call(connector, request, deadline);
    }

    private static Map<String, Object> identityClaims(FederatedIdentity identity) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("email", identity.verifiedAddress().map(a -> a.value()).orElse(null));
        claims.put("identities", List.of(Map.of("signInType", "federated", "issuer", identity.issuer(),
                "issuerAssignedId", identity.issuerAssignedId())));
        return claims;
    }

    /**
     * A Continue answer's claims for the attributes the flow collects, as the form would send them (so that they are
     * checked like typed input); claims for other attributes, and the email (the verified address), are ignored. A claim of
     * a type no form could send (an object, a nested array) is answered as null: the caller treats it as a broken answer.
     */
    static Map<String, List<String>> asFormValues(SignUpFlow flow, Map<String, JsonNode> claims) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (UserFlow.Assignment assignment : flow.assignments()) {
            JsonNode claim = claims.get(assignment.attributeId());
            if (claim == null || claim.isNull() || AttributeForm.EMAIL.equals(assignment.attributeId())) {
                continue;
            }
            List<String> strings = strings(claim);
            if (strings == null) {
                return null;
            }
            values.put(assignment.attributeId(), strings);
        }
        return values;
    }

    private static List<String> strings(JsonNode claim) {
        if (claim.isValueNode()) {
            return List.of(claim.asText());
        }
        if (!claim.isArray()) {
            return null;
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : claim) {
            if (!item.isValueNode() || item.isNull()) {
                return null;
            }
            items.add(item.asText());
        }
        return items;
    }
}
