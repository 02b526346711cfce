package io.guestpass.oidc;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** Error responses of the token and userinfo endpoints (RFC 6749 §5.2, RFC 6750 §3): JSON, never cached. */
public final class OAuthErrors {

    private OAuthErrors() {
    }

    public static Response token(String error, String description) {
        return json(400, error, description).build();
    }

    /** invalid_client: 401 with the Basic challenge (RFC 6749 §5.2); the description is in the body. */
    public static Response invalidClient(String description) {
        Response.ResponseBuilder response = json(401, "invalid_client", description);
        // one challenge, without commas: API Gateway's Lambda integration would split a header value at them
        return response.header("WWW-Authenticate", "Basic realm=\"guestpass\"").build();
    }

    /** A bearer token that is missing or not good (RFC 6750 §3.1). */
    public static Response invalidToken(String description) {
        return json(401, "invalid_token", description)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();
    }

    public static Response.ResponseBuilder json(int status, String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return noStore(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body));
    }

    public static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }
}
