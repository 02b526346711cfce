package io.guestpass.oidc.grants;

import io.guestpass.oidc.ClientAuthentication;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/**
 * One grant type of the token endpoint (RFC 6749 §4, §6). The endpoint has already checked the tenant, that no parameter
 * appears twice and how the client authenticated itself (not yet whether that is right: each grant decides what it
 * requires); the grant answers the token response or an RFC 6749 §5.2 error, and owns its transaction.
 */
public interface Grant {

    /** The {@code grant_type} value this grant answers (also what discovery lists in {@code grant_types_supported}). */
    String type();

    Uni<Response> exchange(ClientAuthentication client, MultivaluedMap<String, String> form);
}
