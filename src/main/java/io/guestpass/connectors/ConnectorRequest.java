package io.guestpass.connectors;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Map;

/**
 * What a connector is told about the person signing up.
 *
 * @param claims insertion-ordered; values are String, Boolean, Long, List&lt;String&gt;, or (for {@code identities})
 *               List&lt;Map&lt;String,String&gt;&gt;. null / empty values are left out of the JSON.
 */
@RegisterForReflection
public record ConnectorRequest(ConnectorStep step, String clientId, String uiLocales, Map<String, Object> claims) {
}
