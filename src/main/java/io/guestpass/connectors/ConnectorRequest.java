package io.guestpass.connectors;
import java.util.Map;
public record ConnectorRequest(ConnectorStep step, String clientId, String uiLocales, Map<String, Object> claims) {}
