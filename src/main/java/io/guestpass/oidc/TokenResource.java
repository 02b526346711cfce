package io.guestpass.oidc;

import io.guestpass.directory.Application;
import io.guestpass.directory.AuthorizationCode;
import io.guestpass.directory.GuestUser;
import io.guestpass.oidc.grants.ClientCredentialsGrant;
import io.quarkus.hibernate.reactive.panache.Panache;
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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The token endpoint, {@code /{tenant}/oauth2/v2.0/token}: the authorization code grant (RFC 6749 §4.1.3, RFC 7636 §4.6).
 * Confidential (web) clients authenticate before their code is touched, so a stolen code is useless without the secret
 * and a wrong secret does not burn a good code. Errors per RFC 6749 §5.2.
 */
@Path("/{tenant}/oauth2/v2.0/token")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

    private static final List<String> SINGLE = List.of("grant_type", "code", "redirect_uri", "code_verifier", "client_id",
            "client_secret", "scope");
    private static final String BAD_CODE = "the code is invalid, expired, already used or was issued to another client";

    private final Tenants tenants;
    private final TokenIssuer issuer;
    private final Clock clock;
    private final ClientCredentialsGrant clientCredentials;

    TokenResource(Tenants tenants, TokenIssuer issuer, Clock clock, ClientCredentialsGrant clientCredentials) {
        this.tenants = tenants;
        this.issuer = issuer;
        this.clock = clock;
        this.clientCredentials = clientCredentials;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> token(@PathParam("tenant") String tenant, @HeaderParam("Authorization") String authorization,
            MultivaluedMap<String, String> form) {
        if (!tenants.isOurs(tenant)) {
            return done(OAuthErrors.token("invalid_request", "unknown tenant"));
        }
        for (String name : SINGLE) {
            if (form.get(name) != null && form.get(name).size() > 1) {
                return done(OAuthErrors.token("invalid_request", name + " appears more than once"));
            }
        }
        String grantType = form.getFirst("grant_type");
        if (grantType == null) {
            return done(OAuthErrors.token("invalid_request", "grant_type is required"));
        }
        if (grantType.equals(clientCredentials.type())) {
            try {
                return clientCredentials.exchange(ClientAuthentication.of(authorization, form), form);
            } catch (ClientAuthentication.Malformed malformed) {
                return done(OAuthErrors.token("invalid_request", malformed.getMessage()));
            }
        }
        if (!grantType.equals("authorization_code")) {
            return done(OAuthErrors.token("unsupported_grant_type", "only the authorization_code and client_credentials grants are supported"));
        }
        ClientAuthentication client;
        try {
            client = ClientAuthentication.of(authorization, form);
        } catch (ClientAuthentication.Malformed malformed) {
            return done(OAuthErrors.token("invalid_request", malformed.getMessage()));
        }
        String code = form.getFirst("code");
        String redirectUri = form.getFirst("redirect_uri");
        if (client.clientId() == null || code == null || redirectUri == null) {
            return done(OAuthErrors.token("invalid_request", "client_id, code and redirect_uri are required"));
        }
        return Panache.withTransaction(() -> Application.findByAppId(client.clientId()).chain(app -> {
            Response refused = authenticate(app, client, redirectUri);
            return refused != null ? Uni.createFrom().item(refused) : exchange(app, code, redirectUri, form.getFirst("code_verifier"));
        }));
    }

    /** Null when the client may exchange codes for this redirect URI; otherwise the error. */
    private Response authenticate(Application app, ClientAuthentication client, String redirectUri) {
        if (app == null) {
            return OAuthErrors.invalidClient("unknown client");
        }
        Optional<Application.ClientKind> kind = app.redirectKind(redirectUri);
        if (kind.isEmpty()) {
            return OAuthErrors.token("invalid_grant", "redirect_uri is not registered for this client");
        }
        boolean secretRequired = kind.get() == Application.ClientKind.WEB;
        if ((secretRequired || client.secret() != null) && !app.verifiesSecret(client.secret(), clock.instant())) {
            return OAuthErrors.invalidClient("client authentication failed");
        }
        return null;
    }

    private Uni<Response> exchange(Application app, String code, String redirectUri, String verifier) {
        Instant now = clock.instant();
        byte[] hash = AuthorizationCode.hash(code);
        return AuthorizationCode.redeem(hash, now).chain(row -> {
            if (row == null) {
                // used before (or never issued): whatever the first exchange got stops working
                return AuthorizationCode.revoke(hash, now).replaceWith(OAuthErrors.token("invalid_grant", BAD_CODE));
            }
            if (!row.clientId.equals(app.appId.toString()) || !row.redirectUri.equals(redirectUri) || !now.isBefore(row.expiresAt)) {
                return Uni.createFrom().item(OAuthErrors.token("invalid_grant", BAD_CODE));
            }
            String pkce = pkceProblem(row.codeChallenge, verifier);
            if (pkce != null) {
                return Uni.createFrom().item(OAuthErrors.token("invalid_grant", pkce));
            }
            return GuestUser.<GuestUser>findById(row.userId).chain(guest -> guest == null || !guest.accountEnabled || !guest.hasAccepted()
                    ? Uni.createFrom().item(OAuthErrors.token("invalid_grant", "the guest can no longer sign in"))
                    : issuer.exchange(row, guest).map(tokens -> OAuthErrors.noStore(Response.ok(tokens, MediaType.APPLICATION_JSON_TYPE)).build()));
        });
    }

    /**
     * RFC 7636 §4.6 and RFC 9700 §2.1.1: a code issued with a challenge needs the verifier that hashes to it, and a code
     * issued without one accepts no verifier (a PKCE downgrade is refused, not ignored).
     */
    static String pkceProblem(String challenge, String verifier) {
        if (challenge == null) {
            return verifier == null ? null : "code_verifier given for a code issued without code_challenge";
        }
        if (verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}")) {
            return "code_verifier is missing or malformed";
        }
        try {
            byte[] computed = Base64.getUrlEncoder().withoutPadding().encode(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            return MessageDigest.isEqual(computed, challenge.getBytes(StandardCharsets.US_ASCII)) ? null : "code_verifier does not match";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Uni<Response> done(Response response) {
        return Uni.createFrom().item(response);
    }
}
