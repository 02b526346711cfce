package io.guestpass.oidc;

import io.guestpass.directory.AuthorizationCode;
import io.guestpass.directory.GuestUser;
import io.guestpass.platform.GuestpassConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Mints the tokens of a code exchange, shaped as Entra's v2.0 tokens so that libraries written for Entra read them: an ID
 * token for the application (when it asked for openid) and an access token for the resource it asked for, or for the
 * userinfo endpoint. Signed with the current key from the database (RS256, with kid).
 */
@ApplicationScoped
public class TokenIssuer {

    public static final Duration LIFETIME = Duration.ofMinutes(60);

    private final SigningKeys keys;
    private final Tenants tenants;
    private final Endpoints endpoints;
    private final GuestpassConfig config;
    private final Clock clock;

    TokenIssuer(SigningKeys keys, Tenants tenants, Endpoints endpoints, GuestpassConfig config, Clock clock) {
        this.keys = keys;
        this.tenants = tenants;
        this.endpoints = endpoints;
        this.config = config;
        this.clock = clock;
    }

    /** The token response (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3). */
    public Uni<Map<String, Object>> exchange(AuthorizationCode code, GuestUser guest) {
        Instant now = clock.instant();
        Set<String> scopes = Set.of(code.scope.split(" "));
        Uni<String> idToken = scopes.contains("openid") ? keys.sign(idToken(code, guest, scopes, now), "JWT") : Uni.createFrom().nullItem();
        return idToken.chain(id -> keys.sign(accessToken(code, guest, now), "JWT").map(access -> {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("token_type", "Bearer");
            response.put("scope", code.scope);
            response.put("expires_in", LIFETIME.toSeconds());
            response.put("ext_expires_in", LIFETIME.toSeconds());
            response.put("access_token", access);
            if (id != null) {
                response.put("id_token", id);
            }
            return response;
        }));
    }

    private JwtClaims idToken(AuthorizationCode code, GuestUser guest, Set<String> scopes, Instant now) {
        JwtClaims claims = common(code, guest, now);
        claims.setAudience(code.clientId);
        claims.setClaim("auth_time", code.authTime.getEpochSecond());
        if (code.nonce != null) {
            claims.setClaim("nonce", code.nonce);
        }
        if (code.sessionId != null) {
            // the session's id, never its secret: what front-channel logout names (OpenID Connect Front-Channel Logout §3)
            claims.setClaim("sid", code.sessionId.toString());
        }
        if (scopes.contains("profile")) {
            claims.setClaim("name", guest.displayName);
            claims.setClaim("preferred_username", guest.mail);
        }
        if (scopes.contains("email")) {
            claims.setClaim("email", guest.mail);
        }
        return claims;
    }

    private JwtClaims accessToken(AuthorizationCode code, GuestUser guest, Instant now) {
        JwtClaims claims = common(code, guest, now);
        String resource = Scopes.resourceValues(code.scope);
        claims.setAudience(code.resource == null ? endpoints.userinfo() : code.resource);
        claims.setClaim("azp", code.clientId);
        claims.setClaim("azpacr", "0");
        claims.setClaim("scp", resource.isEmpty() ? code.scope : resource);
        claims.setClaim("uti", code.tokenId.toString());
        claims.setJwtId(code.tokenId.toString());
        if (code.scope.contains("profile")) {
            claims.setClaim("name", guest.displayName);
            claims.setClaim("preferred_username", guest.mail);
        }
        return claims;
    }

    private JwtClaims common(AuthorizationCode code, GuestUser guest, Instant now) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(tenants.issuer());
        claims.setSubject(pairwiseSubject(code.clientId, guest.id));
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(LIFETIME).getEpochSecond()));
        claims.setClaim("oid", guest.id.toString());
        claims.setClaim("tid", config.directory().id().toString());
        claims.setClaim("idp", code.idp);
        claims.setClaim("ver", "2.0");
        return claims;
    }

    /**
     * Entra's {@code sub}: the same guest has a different subject in each application, so that two applications cannot
     * correlate their users by it ({@code oid} is the directory-wide id, for applications that need one). Stable: derived
     * from ids, not from a key that rotates.
     */
    public String pairwiseSubject(String clientId, UUID userId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((config.directory().id().toString() + ":" + clientId + ":" + userId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
