package io.guestpass.connectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Entra's API connectors exchange, both ways: the request's claims with {@code ui_locales}, {@code step} and
 * {@code client_id}; the three answers a connector may give. Anything else a connector says is a failure.
 */
final class ConnectorContract {

    static final String VERSION = "1.0.0";
    static final int MAX_USER_MESSAGE = 1024;

    private ConnectorContract() {
    }

    static byte[] requestBody(ObjectMapper json, ConnectorRequest request) {
        ObjectNode body = json.createObjectNode();
        if (request.claims() != null) {
            request.claims().forEach((name, value) -> {
                if (!isEmpty(value)) {
                    body.set(name, claim(json, name, value));
                }
            });
        }
        if (!isEmpty(request.uiLocales())) {
            body.put("ui_locales", request.uiLocales());
        }
        body.put("step", request.step().name());
        if (!isEmpty(request.clientId())) {
            body.put("client_id", request.clientId());
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isEmpty(Object value) {
        return value == null || value instanceof String s && s.isEmpty() || value instanceof List<?> list && list.isEmpty();
    }

    private static JsonNode claim(ObjectMapper json, String name, Object value) {
        if (value instanceof String s) {
            return json.getNodeFactory().textNode(s);
        }
        if (value instanceof Boolean b) {
            return json.getNodeFactory().booleanNode(b);
        }
        if (value instanceof Long || value instanceof Integer) {
            return json.getNodeFactory().numberNode(((Number) value).longValue());
        }
        if (value instanceof List<?> list) {
            ArrayNode array = json.createArrayNode();
            for (Object item : list) {
                if (item instanceof String s) {
                    array.add(s);
                } else if (item instanceof Map<?, ?> map) {
                    ObjectNode object = array.addObject();
                    map.forEach((key, member) -> {
                        if (member != null) {
                            object.put(String.valueOf(key), String.valueOf(member));
                        }
                    });
                } else {
                    throw new ConnectorFailure("the claim " + name + " holds a list item that is neither text nor an object");
                }
            }
            return array;
        }
        throw new ConnectorFailure("the claim " + name + " is of an unsupported type " + value.getClass().getSimpleName());
    }

    /** The connector's answer to a request at {@code step}; never quotes the body in a failure (it may hold anything). */
    static ConnectorAnswer answer(ObjectMapper json, ConnectorStep step, int status, byte[] body) {
        if (status != 200 && status != 400) {
            return ConnectorAnswer.failed("HTTP status " + status);
        }
        JsonNode tree;
        try {
            tree = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(body);
        } catch (IOException e) {
            return ConnectorAnswer.failed("HTTP status " + status + " with a body that is not JSON");
        }
        if (tree == null || !tree.isObject()) {
            return ConnectorAnswer.failed("HTTP status " + status + " with a body that is not a JSON object");
        }
        if (!tree.path("version").isTextual() || !VERSION.equals(tree.get("version").textValue())) {
            return ConnectorAnswer.failed("the answer's version is not " + VERSION);
        }
        String action = tree.path("action").isTextual() ? tree.get("action").textValue() : "";
        if (status == 200 && action.equals("Continue")) {
            Map<String, JsonNode> claims = new LinkedHashMap<>();
            tree.fields().forEachRemaining(member -> {
                if (!member.getKey().equals("version") && !member.getKey().equals("action")) {
                    claims.put(member.getKey(), member.getValue());
                }
            });
            return ConnectorAnswer.proceed(Collections.unmodifiableMap(claims));
        }
        if (status == 200 && action.equals("ShowBlockPage")) {
            String message = userMessage(tree);
            return message == null ? ConnectorAnswer.failed("ShowBlockPage without a userMessage of 1 to " + MAX_USER_MESSAGE + " characters")
                    : ConnectorAnswer.block(message);
        }
        if (status == 400 && action.equals("ValidationError")) {
            if (step != ConnectorStep.PostAttributeCollection) {
                return ConnectorAnswer.failed("ValidationError at " + step + ": only allowed after attribute collection");
            }
            // Entra documents status as the number 400 or the string "400"
            JsonNode statusMember = tree.path("status");
            if (!(statusMember.isIntegralNumber() && statusMember.asLong() == 400 || statusMember.isTextual() && statusMember.textValue().equals("400"))) {
                return ConnectorAnswer.failed("ValidationError without status 400");
            }
            String message = userMessage(tree);
            return message == null ? ConnectorAnswer.failed("ValidationError without a userMessage of 1 to " + MAX_USER_MESSAGE + " characters")
                    : ConnectorAnswer.invalid(message);
        }
        return ConnectorAnswer.failed("HTTP status " + status + " with " + (action.isEmpty() ? "no action" : "an action not allowed there"));
    }

    private static String userMessage(JsonNode tree) {
        JsonNode message = tree.path("userMessage");
        return message.isTextual() && !message.textValue().isBlank() && message.textValue().length() <= MAX_USER_MESSAGE
                ? message.textValue() : null;
    }
}
