package io.guestpass.oidc;

import jakarta.ws.rs.core.MultivaluedMap;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How a client identified itself at the token endpoint (RFC 6749 §2.3.1): HTTP Basic (client_secret_basic; both parts
 * form-url-encoded before base64) or the body's client_id and client_secret (client_secret_post) — never both.
 */
public record ClientAuthentication(String clientId, String secret) {

    /** A request that uses both methods, or a malformed Basic header. */
    public static final class Malformed extends RuntimeException {
        public Malformed(String message) {
            super(message, null, false, false);
        }
    }

    public static ClientAuthentication of(String authorization, MultivaluedMap<String, String> form) {
        String formId = form.getFirst("client_id");
        String formSecret = form.getFirst("client_secret");
        if (authorization == null || authorization.isBlank()) {
            return new ClientAuthentication(formId, formSecret);
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new Malformed("only the Basic scheme authenticates clients here");
        }
        if (formSecret != null) {
            throw new Malformed("a client authenticates with one method only");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Malformed("the Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new Malformed("the Basic credentials have no secret");
        }
        String id;
        String secret;
        try {
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Malformed("the Basic credentials are not form-url-encoded");
        }
        if (formId != null && !formId.equals(id)) {
            throw new Malformed("client_id differs from the authenticated client");
        }
        return new ClientAuthentication(id, secret);
    }
}
