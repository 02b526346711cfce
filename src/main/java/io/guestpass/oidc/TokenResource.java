package io.guestpass.oidc;

import io.guestpass.oidc.grants.Grant;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The token endpoint, {@code /{tenant}/oauth2/v2.0/token}: checks what every grant shares (the tenant, parameters given
 * once, how the client authenticated) and hands the request to the {@link Grant} bean of its {@code grant_type}.
 * Errors per RFC 6749 §5.2.
 */
@Path("/{tenant}/oauth2/v2.0/token")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    private final Tenants tenants;
    private final Map<String, Grant> grants = new TreeMap<>();

    TokenResource(Tenants tenants, @All List<Grant> grants) {
        this.tenants = tenants;
        grants.forEach(grant -> this.grants.put(grant.type(), grant));
    }

    /** The grant types this endpoint answers, in a stable order (discovery's {@code grant_types_supported}). */
    public static List<String> types(List<Grant> grants) {
        return grants.stream().map(Grant::type).sorted().toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> token(@PathParam("tenant") String tenant, @HeaderParam("Authorization") String authorization,
            MultivaluedMap<String, String> form) {
        if (!tenants.isOurs(tenant)) {
            return done(OAuthErrors.token("invalid_request", "unknown tenant"));
        }
        // RFC 6749 §3.2: request parameters MUST NOT be included more than once
        for (Map.Entry<String, List<String>> parameter : form.entrySet()) {
            if (parameter.getValue() != null && parameter.getValue().size() > 1) {
                return done(OAuthErrors.token("invalid_request", parameter.getKey() + " appears more than once"));
            }
        }
        String grantType = form.getFirst("grant_type");
        if (grantType == null) {
            return done(OAuthErrors.token("invalid_request", "grant_type is required"));
        }
        Grant grant = grants.get(grantType);
        if (grant == null) {
            return done(OAuthErrors.token("unsupported_grant_type", "supported grant types: " + String.join(", ", grants.keySet())));
        }
        ClientAuthentication client;
        try {
            client = ClientAuthentication.of(authorization, form);
        } catch (ClientAuthentication.Malformed malformed) {
            return done(OAuthErrors.token("invalid_request", malformed.getMessage()));
        }
        return grant.exchange(client, form);
    }

    private static Uni<Response> done(Response response) {
        return Uni.createFrom().item(response);
    }
}
