package io.guestpass.oidc.grants;

import io.guestpass.oidc.ClientAuthentication;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

public interface Grant {
    String type();

    Uni<Response> exchange(ClientAuthentication client, MultivaluedMap<String, String> form);
}
