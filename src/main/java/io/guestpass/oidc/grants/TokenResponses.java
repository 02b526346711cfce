package io.guestpass.oidc.grants;

import io.guestpass.directory.Application;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.RefreshToken;
import io.guestpass.oidc.OAuthErrors;
import io.guestpass.oidc.TokenIssuer;
import io.guestpass.platform.GuestpassConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * The successful token response of the grants that sign a guest in (authorization code, refresh token): the tokens,
 * the refresh token when one was issued, and {@code client_info} when the client asked for it.
 */
@ApplicationScoped
public class TokenResponses {

    private final TokenIssuer issuer;
    private final GuestpassConfig config;
    private final Clock clock;

    TokenResponses(TokenIssuer issuer, GuestpassConfig config, Clock clock) {
        this.issuer = issuer;
        this.config = config;
        this.clock = clock;
    }

    Uni<Response> tokens(TokenIssuer.Issuance issuance, GuestUser guest, RefreshToken.Issued refresh, MultivaluedMap<String, String> form) {
        return issuer.exchange(issuance, guest).map(tokens -> {
            if (refresh != null) {
                tokens.put("refresh_token", refresh.plaintext());
                // Entra's name; MSAL.js reads it to know when a single-page app must sign in again
                tokens.put("refresh_token_expires_in", Duration.between(clock.instant(), refresh.token().expiresAt).toSeconds());
            }
            if ("1".equals(form.getFirst("client_info"))) {
                tokens.put("client_info", clientInfo(guest));
            }
            return OAuthErrors.noStore(Response.ok(tokens, MediaType.APPLICATION_JSON_TYPE)).build();
        });
    }

    /**
     * How long a refresh token lives: a single-page application's family ends this long after its sign-in (Entra's rule:
     * its tokens sit in browser storage that script can read, so a stolen one must not be kept alive by rotating it, and
     * the app returns to the authorization endpoint daily); other clients' tokens live this long from each rotation.
     */
    Duration refreshTokenLifetime(Application.ClientKind kind) {
        return kind == Application.ClientKind.SPA ? config.oidc().spaRefreshTokenLifetime() : config.oidc().refreshTokenLifetime();
    }

    /**
     * Entra's {@code client_info}: base64url (no padding) of {@code {"uid":<oid>,"utid":<tid>}}. MSAL asks for it with
     * {@code client_info=1} on every token request and builds its account's home id ({@code <uid>.<utid>}) from it.
     */
    String clientInfo(GuestUser guest) {
        String json = "{\"uid\":\"" + guest.id + "\",\"utid\":\"" + config.directory().id() + "\"}";
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
