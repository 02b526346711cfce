package io.guestpass.oidc.grants;

import io.guestpass.directory.Application;
import io.guestpass.directory.AuthorizationCode;
import io.guestpass.directory.GuestUser;
import io.guestpass.directory.RefreshToken;
import io.guestpass.oidc.ClientAuthentication;
import io.guestpass.oidc.OAuthErrors;
import io.guestpass.oidc.TokenIssuer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The authorization code grant (RFC 6749 §4.1.3, RFC 7636 §4.6). Confidential (web) clients authenticate before their code
 * is touched, so a stolen code is useless without the secret and a wrong secret does not burn a good code.
 */
@ApplicationScoped
public class AuthorizationCodeGrant implements Grant {

    private static final String BAD_CODE = "the code is invalid, expired, already used or was issued to another client";

    private final TokenResponses responses;
    private final Clock clock;

    AuthorizationCodeGrant(TokenResponses responses, Clock clock) {
        this.responses = responses;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "authorization_code";
    }

    @Override
    public Uni<Response> exchange(ClientAuthentication client, MultivaluedMap<String, String> form) {
        String code = form.getFirst("code");
        String redirectUri = form.getFirst("redirect_uri");
        if (client.clientId() == null || code == null || redirectUri == null) {
            return Uni.createFrom().item(OAuthErrors.token("invalid_request", "client_id, code and redirect_uri are required"));
        }
        return Panache.withTransaction(() -> Application.findByAppId(client.clientId()).chain(app -> {
            Response refused = authenticate(app, client, redirectUri);
            return refused != null ? Uni.createFrom().item(refused)
                    : redeem(app, app.redirectKind(redirectUri).orElseThrow(), code, redirectUri, form);
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

    private Uni<Response> redeem(Application app, Application.ClientKind kind, String code, String redirectUri,
            MultivaluedMap<String, String> form) {
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
            String pkce = pkceProblem(row.codeChallenge, form.getFirst("code_verifier"));
            if (pkce != null) {
                return Uni.createFrom().item(OAuthErrors.token("invalid_grant", pkce));
            }
            return GuestUser.<GuestUser>findById(row.userId).chain(guest -> {
                if (guest == null || !guest.accountEnabled || !guest.hasAccepted()) {
                    return Uni.createFrom().item(OAuthErrors.token("invalid_grant", "the guest can no longer sign in"));
                }
                if (!Arrays.asList(row.scope.split(" ")).contains("offline_access")) {
                    return responses.tokens(TokenIssuer.Issuance.of(row), guest, null, form);
                }
                RefreshToken.Issued refresh = RefreshToken.first(row, kind, now, responses.refreshTokenLifetime(kind));
                return refresh.token().persist().chain(() -> responses.tokens(TokenIssuer.Issuance.of(row), guest, refresh, form));
            });
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
}
