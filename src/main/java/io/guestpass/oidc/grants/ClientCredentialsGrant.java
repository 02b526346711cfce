package io.guestpass.oidc.grants;

import io.guestpass.directory.Application;
import io.guestpass.oidc.ClientAuthentication;
import io.guestpass.oidc.OAuthErrors;
import io.guestpass.oidc.Scopes;
import io.guestpass.oidc.TokenIssuer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.List;

/**
 * The client credentials grant (RFC 6749 §4.4) as Entra's v2.0 endpoint takes it: a confidential client, authenticated with
 * one of its secrets, asks for {@code <resource>/.default} and gets an application token for that resource. The resource is
 * Guestpass's own administration API (named by the audience its tokens must carry; the token's {@code roles} are the
 * application's grantedPermissions) or the API of a registered application (by identifier URI; no roles: Guestpass keeps
 * no app roles for other APIs).
 */
@ApplicationScoped
public class ClientCredentialsGrant implements Grant {

    private static final String DEFAULT = "/.default";
    private static final java.util.regex.Pattern PRINTABLE = java.util.regex.Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}");

    private final TokenIssuer issuer;
    private final Clock clock;
    private final String adminAudience;

    ClientCredentialsGrant(TokenIssuer issuer, Clock clock,
            @ConfigProperty(name = "quarkus.oidc.token.audience", defaultValue = "api://guestpass") List<String> audiences) {
        this.issuer = issuer;
        this.clock = clock;
        // the first audience is the one Guestpass's application tokens carry (and the invite function checks)
        this.adminAudience = audiences.get(0);
    }

    @Override
    public String type() {
        return "client_credentials";
    }

    @Override
    public Uni<Response> exchange(ClientAuthentication client, MultivaluedMap<String, String> form) {
        if (client.clientId() == null) {
            return done(OAuthErrors.invalidClient("client_credentials needs the client to authenticate (client_id and client_secret, "
                    + "or HTTP Basic)"));
        }
        return Panache.withSession(() -> Application.findByAppId(client.clientId()).chain(app -> {
            Response refused = authenticate(app, client);
            if (refused != null) {
                return done(refused);
            }
            String scope = form.getFirst("scope");
            String problem = scopeProblem(scope);
            if (problem != null) {
                return done(OAuthErrors.token("invalid_scope", problem));
            }
            String requested = resourceScopes(scope).get(0);
            String resource = requested.substring(0, requested.length() - DEFAULT.length());
            if (resource.equalsIgnoreCase(adminAudience)) {
                return tokens(issuer.applicationToken(app, adminAudience, List.copyOf(app.grantedPermissions)));
            }
            return Application.findByIdentifierUri(resource).chain(api -> api == null
                    ? done(OAuthErrors.token("invalid_scope", "no API is known as " + resource + " (not " + adminAudience
                            + " and no registered application's identifier URI)"))
                    : tokens(issuer.applicationToken(app, api.appId.toString(), List.of())));
        }));
    }

    /** Null when this is a confidential client that proved it with a valid secret; otherwise the error. */
    private Response authenticate(Application app, ClientAuthentication client) {
        if (app == null) {
            return OAuthErrors.invalidClient("unknown client");
        }
        if (!app.isConfidential()) {
            return OAuthErrors.token("unauthorized_client", "client_credentials is for confidential clients: this application "
                    + "has no client secret (a public or single-page client cannot prove who is asking)");
        }
        if (!app.verifiesSecret(client.secret(), clock.instant())) {
            return OAuthErrors.invalidClient("client authentication failed");
        }
        return null;
    }

    /**
     * Exactly one scope, {@code <resource>/.default}: an application gets what it was granted, not what it names. OpenID
     * Connect's own scopes are ignored beside it, as Entra ignores them: MSAL adds {@code openid profile offline_access} to
     * every request, client credentials included.
     */
    static String scopeProblem(String scope) {
        if (scope == null || scope.isBlank()) {
            return "scope is required: <resource>/.default, for example api://guestpass/.default";
        }
        List<String> scopes = resourceScopes(scope);
        if (scopes.size() != 1) {
            return "client_credentials takes exactly one scope, <resource>/.default; " + scopes.size() + " were given";
        }
        if (!scopes.get(0).endsWith(DEFAULT) || scopes.get(0).length() == DEFAULT.length()) {
            // quoted back only when it is a well-formed scope token (RFC 6749 §5.2 restricts error_description's characters)
            return "client_credentials takes only <resource>/.default (the application gets the permissions granted to it)"
                    + (PRINTABLE.matcher(scopes.get(0)).matches() ? ", not " + scopes.get(0) : "");
        }
        return null;
    }

    private static List<String> resourceScopes(String scope) {
        return java.util.Arrays.stream(scope.trim().split(" +")).filter(s -> !Scopes.OPENID_SCOPES.contains(s)).toList();
    }

    private static Uni<Response> tokens(Uni<java.util.Map<String, Object>> tokens) {
        return tokens.map(body -> OAuthErrors.noStore(Response.ok(body, MediaType.APPLICATION_JSON_TYPE)).build());
    }

    private static Uni<Response> done(Response response) {
        return Uni.createFrom().item(response);
    }
}
