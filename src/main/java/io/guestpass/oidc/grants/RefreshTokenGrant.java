package io.guestpass.oidc.grants;

import io.guestpass.directory.Application;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.RefreshToken;
import io.guestpass.oidc.ClientAuthentication;
import io.guestpass.oidc.OAuthErrors;
import io.guestpass.oidc.Scopes;
import io.guestpass.oidc.TokenIssuer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The refresh token grant (RFC 6749 §6, OpenID Connect Core §12). Every check comes before the token is touched, so a
 * refused request rotates nothing: the client (a web client's token is bound to its authentication, RFC 9700 §4.14.2),
 * the guest (still there, enabled, accepted, sessions not revoked since the sign-in) and the scope (at most the original).
 * Then one conditional update decides who rotates; a loser, or anyone presenting a rotated token, revokes the family of a
 * public or single-page client, since one of the two holders is not the client.
 */
@ApplicationScoped
public class RefreshTokenGrant implements Grant {

    private static final String BAD_TOKEN = "the refresh token is invalid, expired, revoked or was issued to another client";

    private final TokenResponses responses;
    private final Clock clock;

    RefreshTokenGrant(TokenResponses responses, Clock clock) {
        this.responses = responses;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "refresh_token";
    }

    @Override
    public Uni<Response> exchange(ClientAuthentication client, MultivaluedMap<String, String> form) {
        String presented = form.getFirst("refresh_token");
        if (client.clientId() == null || presented == null || presented.isEmpty()) {
            return refuse(OAuthErrors.token("invalid_request", "client_id and refresh_token are required"));
        }
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Application.findByAppId(client.clientId()).chain(app -> {
            boolean authenticated = app != null && app.verifiesSecret(client.secret(), now);
            if (app == null || (client.secret() != null && !authenticated)) {
                return refuse(OAuthErrors.invalidClient(app == null ? "unknown client" : "client authentication failed"));
            }
            return RefreshToken.find(presented).chain(token -> {
                if (token == null || !token.clientId.equals(app.appId.toString())) {
                    return refuse(OAuthErrors.token("invalid_grant", BAD_TOKEN));
                }
                if (token.clientKind == Application.ClientKind.WEB && !authenticated) {
                    return refuse(OAuthErrors.invalidClient("a web application's refresh token needs its client secret"));
                }
                if (token.usedAt != null) {
                    return reused(token, now);
                }
                if (!token.usableAt(now)) {
                    return refuse(OAuthErrors.token("invalid_grant", BAD_TOKEN));
                }
                String scope = narrowed(token.scope, form.getFirst("scope"));
                if (scope == null) {
                    return refuse(OAuthErrors.token("invalid_scope", "a refresh may ask for the scopes granted at sign-in or fewer, never more"));
                }
                return GuestUser.<GuestUser>findById(token.userId).chain(guest -> {
                    if (guest == null || !guest.accountEnabled || !guest.hasAccepted() || !guest.sessionsValidSince(token.signedInAt)) {
                        return refuse(OAuthErrors.token("invalid_grant", "the guest can no longer sign in, or signed out everywhere"));
                    }
                    return RefreshToken.rotate(token.tokenHash, now).chain(won -> won ? rotated(token, guest, scope, now, form) : reused(token, now));
                });
            });
        }));
    }

    private Uni<Response> rotated(RefreshToken token, GuestUser guest, String scope, Instant now, MultivaluedMap<String, String> form) {
        RefreshToken.Issued next = token.successor(now, responses.refreshTokenLifetime(token.clientKind));
        // a narrowed scope without the API's scopes is for the userinfo endpoint again
        String resource = Scopes.resourceValues(scope).isEmpty() ? null : token.resource;
        TokenIssuer.Issuance issuance = new TokenIssuer.Issuance(token.clientId, scope, resource, null, token.authTime, token.idp,
                next.token().tokenId, token.sessionId);
        return next.token().persist().chain(() -> responses.tokens(issuance, guest, next, form));
    }

    /**
     * A rotated token came back (or lost the race to rotate). A web client's token only works with its secret, so the
     * holder is the client itself (a retry, or two of its instances at once): refused, nothing more. For a public or
     * single-page client either holder may be a thief: the whole family is revoked, and the client signs in again.
     */
    private static Uni<Response> reused(RefreshToken token, Instant now) {
        Response refused = OAuthErrors.token("invalid_grant", BAD_TOKEN);
        if (token.clientKind == Application.ClientKind.WEB) {
            return refuse(refused);
        }
        return RefreshToken.revokeFamily(token.familyId, now).replaceWith(refused);
    }

    /**
     * RFC 6749 §6: the scope of a refresh, at most what was granted (absent: all of it); {@code <identifierUri>/.default}
     * stands for every granted scope of that API, as MSAL asks for it. Null when more is asked for.
     */
    static String narrowed(String granted, String requested) {
        if (requested == null || requested.isBlank()) {
            return granted;
        }
        List<String> original = Arrays.asList(granted.split(" "));
        Set<String> asked = new LinkedHashSet<>();
        for (String scope : requested.trim().split(" +")) {
            if (scope.endsWith("/.default")) {
                String api = scope.substring(0, scope.length() - ".default".length());
                List<String> ofApi = original.stream().filter(s -> s.startsWith(api)).toList();
                if (ofApi.isEmpty()) {
                    return null;
                }
                asked.addAll(ofApi);
            } else if (original.contains(scope)) {
                asked.add(scope);
            } else {
                return null;
            }
        }
        return String.join(" ", original.stream().filter(asked::contains).toList());
    }

    private static Uni<Response> refuse(Response response) {
        return Uni.createFrom().item(response);
    }
}
