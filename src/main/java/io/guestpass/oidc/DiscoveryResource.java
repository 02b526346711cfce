package io.guestpass.oidc;

import io.guestpass.oidc.grants.Grant;
import io.quarkus.arc.All;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenID Connect Discovery 1.0 at {@code /{tenant}/v2.0/.well-known/openid-configuration}: advertises exactly what the
 * provider supports, with the issuer every token carries.
 */
@Path("/{tenant}/v2.0/.well-known/openid-configuration")
@Produces(MediaType.APPLICATION_JSON)
public class DiscoveryResource {

    private final Tenants tenants;
    private final Endpoints endpoints;
    private final List<String> grantTypes;

    DiscoveryResource(Tenants tenants, Endpoints endpoints, @All List<Grant> grants) {
        this.tenants = tenants;
        this.endpoints = endpoints;
        this.grantTypes = TokenResource.types(grants);
    }

    @GET
    public Response configuration(@PathParam("tenant") String tenant) {
        if (!tenants.isOurs(tenant)) {
            return OAuthErrors.json(400, "invalid_tenant", "this is not a tenant of this Guestpass").build();
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", tenants.issuer());
        metadata.put("authorization_endpoint", endpoints.authorize());
        metadata.put("token_endpoint", endpoints.token());
        metadata.put("userinfo_endpoint", endpoints.userinfo());
        metadata.put("jwks_uri", endpoints.keys());
        metadata.put("end_session_endpoint", endpoints.logout());
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        metadata.put("grant_types_supported", grantTypes);
        metadata.put("subject_types_supported", List.of("pairwise"));
        metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        metadata.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        metadata.put("claims_supported", List.of("iss", "aud", "sub", "oid", "tid", "idp", "email", "name", "preferred_username",
                "nonce", "auth_time", "iat", "nbf", "exp", "ver", "sid"));
        metadata.put("prompt_values_supported", List.of("none", "login", "select_account", "consent"));
        metadata.put("frontchannel_logout_supported", true);
        metadata.put("frontchannel_logout_session_supported", true);
        metadata.put("claims_parameter_supported", false);
        metadata.put("request_parameter_supported", false);
        metadata.put("request_uri_parameter_supported", false);
        metadata.put("tenant_region_scope", null);
        return Response.ok(metadata).header("Cache-Control", "public, max-age=3600").build();
    }
}
