package io.guestpass.oidc;

import io.guestpass.directory.AuthorizationCode;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.RefreshToken;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The userinfo endpoint (OpenID Connect Core §5.3), {@code /{tenant}/openid/v2.0/userinfo}: GET or POST, the access token
 * in the Authorization header or (POST) the form body (RFC 6750 §2.1–2.2), never both. Claims follow the granted scopes;
 * a token whose code was replayed, or whose guest is gone or blocked, gets nothing.
 */
@Path("/{tenant}/openid/v2.0/userinfo")
@Produces(MediaType.APPLICATION_JSON)
public class UserinfoResource {

    private final Tenants tenants;
    private final Endpoints endpoints;
    private final SigningKeys keys;

    UserinfoResource(Tenants tenants, Endpoints endpoints, SigningKeys keys) {
        this.tenants = tenants;
        this.endpoints = endpoints;
        this.keys = keys;
    }

    @GET
    public Uni<Response> get(@PathParam("tenant") String tenant, @HeaderParam("Authorization") String authorization) {
        return userinfo(tenant, authorization, new MultivaluedHashMap<>());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> post(@PathParam("tenant") String tenant, @HeaderParam("Authorization") String authorization,
            MultivaluedMap<String, String> form) {
        return userinfo(tenant, authorization, form);
    }

    private Uni<Response> userinfo(String tenant, String authorization, MultivaluedMap<String, String> form) {
        if (!tenants.isOurs(tenant)) {
            return Uni.createFrom().item(OAuthErrors.token("invalid_request", "unknown tenant"));
        }
        List<String> inBody = form.get("access_token");
        boolean inHeader = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        if ((inHeader && inBody != null) || (inBody != null && inBody.size() > 1)) {
            return Uni.createFrom().item(OAuthErrors.token("invalid_request", "send the access token once"));
        }
        String token = inHeader ? authorization.substring(7).trim() : inBody == null ? null : inBody.get(0);
        if (token == null || token.isEmpty()) {
            return Uni.createFrom().item(OAuthErrors.json(401, "invalid_request", "an access token is required")
                    .header("WWW-Authenticate", "Bearer").build());
        }
        return keys.verify(token, tenants.issuer(), endpoints.userinfo())
                .chain(claims -> Panache.withSession(() -> claimsFor(claims)))
                .onFailure().recoverWithItem(e -> OAuthErrors.invalidToken("the access token is not valid"));
    }

    private Uni<Response> claimsFor(JwtClaims token) {
        UUID tokenId;
        UUID userId;
        try {
            tokenId = UUID.fromString(token.getJwtId());
            userId = UUID.fromString(token.getStringClaimValue("oid"));
        } catch (MalformedClaimException | IllegalArgumentException | NullPointerException e) {
            return Uni.createFrom().item(OAuthErrors.invalidToken("the access token is not valid"));
        }
        // an access token comes from a code exchange or from a refresh
        return AuthorizationCode.tokensValid(tokenId).chain(fromCode -> fromCode ? Uni.createFrom().item(true) : RefreshToken.tokensValid(tokenId))
                .chain(valid -> !valid ? Uni.createFrom().item(OAuthErrors.invalidToken("the access token was revoked"))
                : GuestUser.<GuestUser>findById(userId).map(guest -> {
                    if (guest == null || !guest.accountEnabled) {
                        return OAuthErrors.invalidToken("the guest can no longer sign in");
                    }
                    Set<String> scopes = Set.of(String.valueOf(token.getClaimValue("scp")).split(" "));
                    Map<String, Object> claims = new LinkedHashMap<>();
                    claims.put("sub", token.getClaimValue("sub"));
                    claims.put("oid", guest.id.toString());
                    claims.put("tid", token.getClaimValue("tid"));
                    if (scopes.contains("profile")) {
                        claims.put("name", guest.displayName);
                        claims.put("preferred_username", guest.mail);
                    }
                    if (scopes.contains("email")) {
                        claims.put("email", guest.mail);
                    }
                    return OAuthErrors.noStore(Response.ok(claims, MediaType.APPLICATION_JSON_TYPE)).build();
                }));
    }
}
