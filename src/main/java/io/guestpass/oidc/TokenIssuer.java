package io.guestpass.oidc;

import io.guestpass.directory.Application;
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
import java.util.List;
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

    /**
     * What the tokens of one exchange say, from a code or a refresh token: {@code resource} null for the userinfo endpoint,
     * {@code nonce} only from a code (OpenID Connect Core §12.2: a refresh is no authentication request), {@code tokenId}
     * the access token's {@code jti}.
     */
    public record Issuance(String clientId, String scope, String resource, String nonce, Instant authTime, String idp, UUID tokenId,
            UUID sessionId) {

        public static Issuance of(AuthorizationCode code) {
            return new Issuance(code.clientId, code.scope, code.resource, code.nonce, code.authTime, code.idp, code.tokenId,
                    code.sessionId);
        }
    }

    /** The token response (RFC 6749 §5.1, OpenID Connect Core §3.1.3.3). */
    public Uni<Map<String, Object>> exchange(AuthorizationCode code, GuestUser guest) {
        return exchange(Issuance.of(code), guest);
    }

    /** The token response for a code or a refresh (OpenID Connect Core §12.2: the original auth_time, a new iat). */
    public Uni<Map<String, Object>> exchange(Issuance code, GuestUser guest) {
        Instant now = clock.instant();
        Duration lifetime = config.oidc().accessTokenLifetime();
        Set<String> scopes = Set.of(code.scope().split(" "));
        Uni<String> idToken = scopes.contains("openid") ? keys.sign(idToken(code, guest, scopes, now), "JWT") : Uni.createFrom().nullItem();
        return idToken.chain(id -> keys.sign(accessToken(code, guest, now), "JWT").map(access -> {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("token_type", "Bearer");
            response.put("scope", code.scope());
            response.put("expires_in", lifetime.toSeconds());
            response.put("ext_expires_in", lifetime.toSeconds());
            response.put("access_token", access);
            if (id != null) {
                response.put("id_token", id);
            }
            return response;
        }));
    }

    private JwtClaims idToken(Issuance code, GuestUser guest, Set<String> scopes, Instant now) {
        JwtClaims claims = common(code, guest, now);
        claims.setAudience(code.clientId());
        claims.setClaim("auth_time", code.authTime().getEpochSecond());
        if (code.nonce() != null) {
            claims.setClaim("nonce", code.nonce());
        }
        if (code.sessionId() != null) {
            // the session's id, never its secret: what front-channel logout names (OpenID Connect Front-Channel Logout §3)
            claims.setClaim("sid", code.sessionId().toString());
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

    private JwtClaims accessToken(Issuance code, GuestUser guest, Instant now) {
        JwtClaims claims = common(code, guest, now);
        String resource = Scopes.resourceValues(code.scope());
        claims.setAudience(code.resource() == null ? endpoints.userinfo() : code.resource());
        claims.setClaim("azp", code.clientId());
        claims.setClaim("azpacr", "0");
        claims.setClaim("scp", resource.isEmpty() ? code.scope() : resource);
        claims.setClaim("uti", code.tokenId().toString());
        claims.setJwtId(code.tokenId().toString());
        if (code.scope().contains("profile")) {
            claims.setClaim("name", guest.displayName);
            claims.setClaim("preferred_username", guest.mail);
        }
        return claims;
    }

    private JwtClaims common(Issuance code, GuestUser guest, Instant now) {
        JwtClaims claims = signedBy(pairwiseSubject(code.clientId(), guest.id), now, config.oidc().accessTokenLifetime());
        claims.setClaim("oid", guest.id.toString());
        claims.setClaim("idp", code.idp());
        return claims;
    }

    /** What every token Guestpass signs carries: its issuer, the subject, the times, the directory, the version. */
    private JwtClaims signedBy(String subject, Instant now, Duration lifetime) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(tenants.issuer());
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plus(lifetime).getEpochSecond()));
        claims.setClaim("tid", config.directory().id().toString());
        claims.setClaim("ver", "2.0");
        return claims;
    }

    /**
     * The token response of a client-credentials grant (RFC 6749 §4.4.3): an access token for {@code audience} shaped like
     * Entra's v2.0 application tokens — {@code sub} and {@code oid} the application's object id, {@code azp} its client
     * id, {@code azpacr} 1 (a secret), {@code idtyp} app, {@code roles} only when there are any. No refresh or ID token.
     */
    public Uni<Map<String, Object>> applicationToken(Application app, String audience, List<String> roles) {
        Duration lifetime = config.oidc().accessTokenLifetime();
        JwtClaims claims = signedBy(app.id.toString(), clock.instant(), lifetime);
        claims.setAudience(audience);
        claims.setClaim("oid", app.id.toString());
        claims.setClaim("azp", app.appId.toString());
        claims.setClaim("azpacr", "1");
        claims.setClaim("idtyp", "app");
        if (!roles.isEmpty()) {
            claims.setStringListClaim("roles", roles);
        }
        String tokenId = UUID.randomUUID().toString();
        claims.setClaim("uti", tokenId);
        claims.setJwtId(tokenId);
        return keys.sign(claims, "JWT").map(access -> {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("token_type", "Bearer");
            response.put("expires_in", lifetime.toSeconds());
            response.put("ext_expires_in", lifetime.toSeconds());
            response.put("access_token", access);
            return response;
        });
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
