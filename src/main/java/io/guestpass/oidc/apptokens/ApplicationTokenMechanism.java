package io.guestpass.oidc.apptokens;

import io.guestpass.oidc.Tenants;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * The administration API's second issuer: Guestpass itself, for the client-credentials tokens it gives registered
 * applications. It looks at a bearer token before quarkus-oidc's default tenant does (a higher priority) and takes only
 * those whose — not yet verified — {@code iss} is Guestpass's own; every other token it leaves alone (null), so the default
 * tenant validates the external issuer's tokens exactly as before. What it takes, {@link ApplicationTokenIdentityProvider}
 * verifies, with the keys from the database: this function never calls its own public URL, not even for the key set.
 */
@ApplicationScoped
public class ApplicationTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";
    private static final String TAKEN = ApplicationTokenMechanism.class.getName();

    private final String issuer;

    ApplicationTokenMechanism(Tenants tenants) {
        this.issuer = tenants.issuer();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (!context.normalizedPath().startsWith("/v1.0/") || authorization == null
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Uni.createFrom().nullItem();
        }
        String token = authorization.substring(BEARER.length()).trim();
        if (!issuer.equals(unverifiedIssuer(token))) {
            return Uni.createFrom().nullItem();
        }
        context.put(TAKEN, Boolean.TRUE);
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApplicationTokenRequest(token), context));
    }

    /** Only to choose who verifies the token: nothing read here is trusted. Null for anything that is not a JWT with iss. */
    static String unverifiedIssuer(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            return JwtClaims.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).getIssuer();
        } catch (IllegalArgumentException | InvalidJwtException | MalformedClaimException e) {
            return null;
        }
    }

    /**
     * A challenge only for a request whose token this mechanism took: every other request's challenge is the other
     * mechanisms' (a page's sign-in redirect must never become a bearer challenge because this one comes first).
     */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return context.get(TAKEN) == null ? Uni.createFrom().nullItem()
                : Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApplicationTokenRequest.class);
    }

    /** Before quarkus-oidc's bearer mechanism (default priority), which would refuse a token of an issuer it does not know. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
