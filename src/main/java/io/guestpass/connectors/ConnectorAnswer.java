package io.guestpass.connectors;
import java.util.Map;
public record ConnectorAnswer(Action action, Map<String, com.fasterxml.jackson.databind.JsonNode> claims, String userMessage, String failure) {
    public enum Action { CONTINUE, SHOW_BLOCK_PAGE, VALIDATION_ERROR, FAILED }
}
