package io.guestpass.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * What a connector decided.
 *
 * @param claims      the members of a Continue answer other than version/action (empty map otherwise)
 * @param userMessage the connector's message of a ShowBlockPage or ValidationError answer, unescaped
 * @param failure     a short reason for the log only: never shown to people, never holding response bodies or secrets
 */
@RegisterForReflection
public record ConnectorAnswer(Action action, Map<String, JsonNode> claims, String userMessage, String failure) {

    public enum Action { CONTINUE, SHOW_BLOCK_PAGE, VALIDATION_ERROR, FAILED }

    static ConnectorAnswer proceed(Map<String, JsonNode> claims) {
        return new ConnectorAnswer(Action.CONTINUE, claims, null, null);
    }

    static ConnectorAnswer block(String userMessage) {
        return new ConnectorAnswer(Action.SHOW_BLOCK_PAGE, Map.of(), userMessage, null);
    }

    static ConnectorAnswer invalid(String userMessage) {
        return new ConnectorAnswer(Action.VALIDATION_ERROR, Map.of(), userMessage, null);
    }

    static ConnectorAnswer failed(String reason) {
        return new ConnectorAnswer(Action.FAILED, Map.of(), null, reason);
    }
}
