package io.guestpass.oidc.apptokens;

import io.guestpass.oidc.SigningKeys;
import io.guestpass.oidc.Tenants;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwt.JwtClaims;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Verifies an application token Guestpass issued (client credentials) for the administration API: RS256 by one of the
 * published keys from the database (current, next or previous), our issuer, expiry and not-before (30 s skew), {@code aud}
 * the API's audience, and {@code idtyp} app — a guest's access or ID token from the same issuer is never taken for an
 * application's. Then the application itself is looked up, on every call: a token lives an hour, but a deleted application
 * must stop at once and a permission taken away must stop counting at once, and one indexed read by primary key is cheap
 * beside what the call then does. The identity's token carries {@code roles} narrowed to what the application still holds.
 */
@ApplicationScoped
public class ApplicationTokenIdentityProvider implements IdentityProvider<ApplicationTokenRequest> {

    private static final String APPLICATION = "select app_id, granted_permissions from application where id = $1";

    private final SigningKeys keys;
    private final Pool pool;
    private final String issuer;
    private final String audience;

    ApplicationTokenIdentityProvider(SigningKeys keys, Pool pool, Tenants tenants,
            @ConfigProperty(name = "quarkus.oidc.token.audience", defaultValue = "api://guestpass") List<String> audiences) {
        this.keys = keys;
        this.pool = pool;
        this.issuer = tenants.issuer();
        this.audience = audiences.get(0);
    }

    @Override
    public Class<ApplicationTokenRequest> getRequestType() {
        return ApplicationTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApplicationTokenRequest request, AuthenticationRequestContext context) {
        return keys.verify(request.token(), issuer, audience)
                .onFailure(SigningKeys.InvalidTokenException.class).transform(e -> refused(e.getMessage()))
                .chain(claims -> {
                    if (!"app".equals(claims.getClaimValue("idtyp"))) {
                        throw refused("Only application tokens of this issuer are accepted here, not a person's");
                    }
                    return stillHeld(claims);
                })
                .map(claims -> QuarkusSecurityIdentity.builder()
                        .setPrincipal(new DefaultJWTCallerPrincipal(request.token(), "JWT", claims))
                        .build());
    }

    /** The claims with {@code roles} cut down to the application's grantedPermissions now; refused when it is gone. */
    private Uni<JwtClaims> stillHeld(JwtClaims claims) {
        UUID objectId;
        try {
            objectId = UUID.fromString(String.valueOf(claims.getClaimValue("oid")));
        } catch (IllegalArgumentException e) {
            throw refused("The application token names no application (oid)");
        }
        return pool.preparedQuery(APPLICATION).execute(Tuple.of(objectId)).map(rows -> {
            Row app = rows.iterator().hasNext() ? rows.iterator().next() : null;
            if (app == null || !app.getUUID("app_id").toString().equals(claims.getClaimValue("azp"))) {
                throw refused("The application of this token no longer exists");
            }
            List<String> granted = Arrays.asList(app.getArrayOfStrings("granted_permissions"));
            List<String> roles = new ArrayList<>();
            Object claimed = claims.getClaimValue("roles");
            if (claimed instanceof List<?> list) {
                list.stream().filter(granted::contains).map(String.class::cast).forEach(roles::add);
            }
            claims.unsetClaim("roles");
            if (!roles.isEmpty()) {
                claims.setStringListClaim("roles", roles);
            }
            return claims;
        });
    }

    private static AuthenticationFailedException refused(String reason) {
        return new AuthenticationFailedException(reason);
    }
}
