package io.guestpass.oidc;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * {@code GET /{tenant}/discovery/v2.0/keys}: the published signing keys (the {@code jwks_uri} of discovery). Cacheable
 * for five minutes, as long as an instance keeps its own copy: a key is published 48 hours before it signs, so no
 * relying party's copy can miss it.
 */
@Path("/{tenant}/discovery/v2.0/keys")
public class KeysResource {

    private final Tenants tenants;
    private final SigningKeys signingKeys;

    KeysResource(Tenants tenants, SigningKeys signingKeys) {
        this.tenants = tenants;
        this.signingKeys = signingKeys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> keys(@PathParam("tenant") String tenant) {
        if (!tenants.isOurs(tenant)) {
            return Uni.createFrom().item(Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                    .header("Cache-Control", "no-store")
                    .entity(Map.of("error", "invalid_tenant",
                            "error_description", "This is not a tenant of this Guestpass: use the directory id or domain."))
                    .build());
        }
        return signingKeys.publishedJwks().map(jwks -> Response.ok(jwks, MediaType.APPLICATION_JSON)
                .header("Cache-Control", "public, max-age=300").build());
    }
}
