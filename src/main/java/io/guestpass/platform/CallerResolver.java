package io.guestpass.platform;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the validated bearer token of this request into a {@link Caller} and checks its permissions.
 * <p>
 * An application (client-credentials) token is recognised positively, never by a missing claim: {@code idtyp=app}
 * (Entra; {@code idtyp=user} is always a person); Entra's shape ({@code roles}, no {@code scp}, {@code oid} equal to
 * {@code sub}); RFC 9068's ({@code sub} equal to the client id in {@code client_id}, or Okta's {@code cid}); Auth0's
 * {@code gty=client-credentials}; or a client listed in {@code guestpass.auth.application-client-ids} (Keycloak service
 * accounts, whose {@code sub} is a user id). Anything else is a person.
 * <p>
 * A person's permissions are the scopes alone ({@code scp}, a string or an array, else {@code scope}): the {@code roles}
 * of a delegated Entra token are app roles assigned to the person, not what the client app was granted. An application's
 * are its {@code roles} and its scopes (Okta, Keycloak, Auth0 and Cognito put granted permissions in scopes). A scope
 * written with the API's audience in front ({@code api://guestpass/User.Invite.All}) counts as the bare permission.
 * <p>
 * ID tokens are refused (401): {@code nonce}, {@code at_hash}, Keycloak's {@code typ: ID}, Cognito's {@code token_use: id}.
 */
@RequestScoped
public class CallerResolver {

    private static final Map<String, String> ROLE_NAMES = Caller.ROLE_TEMPLATE_IDS.values().stream()
            .collect(Collectors.toMap(name -> name.toLowerCase(Locale.ROOT), Function.identity()));

    private final SecurityIdentity identity;
    private final String directoryRolesClaim;
    private final Set<String> applicationClientIds;
    private final List<String> audiences;
    private Caller caller;

    CallerResolver(SecurityIdentity identity, GuestpassConfig config,
            @ConfigProperty(name = "quarkus.oidc.token.audience") Optional<List<String>> audiences) {
        this.identity = identity;
        this.directoryRolesClaim = config.auth().directoryRolesClaim();
        this.applicationClientIds = config.auth().applicationClientIds().orElse(Set.of());
        this.audiences = audiences.orElse(List.of());
    }

    /** The caller, if it holds at least one of the permissions; 401 without a token, 403 (recorded) without the permission. */
    public Caller require(String... anyOfPermissions) {
        Caller current = current();
        if (!current.hasAny(anyOfPermissions)) {
            throw AuthorizationRefused.forbidden(current, "endpoint", null, "Insufficient privileges to complete the operation: requires "
                    + String.join(" or ", anyOfPermissions) + ".");
        }
        return current;
    }

    public Caller current() {
        if (caller == null) {
            if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
                throw GraphException.unauthorized("Access token is empty or invalid.");
            }
            caller = fromToken(token);
        }
        return caller;
    }

    private Caller fromToken(JsonWebToken token) {
        refuseIdToken(token);
        String subject = text(token, "sub");
        if (subject == null || subject.isBlank()) {
            throw GraphException.unauthorized("Access token validation failure: the token has no sub claim.");
        }
        String client = first(text(token, "azp"), text(token, "appid"), text(token, "client_id"), text(token, "cid"));
        Set<String> scopes = scopes(token);
        boolean application = isApplication(token, subject, client);
        Set<String> permissions = new LinkedHashSet<>(scopes);
        if (application) {
            permissions.addAll(strings(token.getClaim("roles")));
        }
        Set<String> roles = application ? Set.of() : directoryRoles(token);
        return new Caller(subject, client, !application, Set.copyOf(permissions), Set.copyOf(roles),
                application ? null : displayName(token));
    }

    /**
     * How the person's token names them: {@code name}, with the first of {@code email}, {@code upn},
     * {@code preferred_username} in brackets (or that address alone). Control characters dropped, each part at most 128.
     */
    static String displayName(JsonWebToken token) {
        String name = printable(text(token, "name"));
        String address = printable(first(text(token, "email"), text(token, "upn"), text(token, "preferred_username")));
        if (name == null || name.equals(address)) {
            return address;
        }
        return address == null ? name : name + " (" + address + ")";
    }

    private static String printable(String value) {
        if (value == null) {
            return null;
        }
        String clean = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        return clean.isEmpty() ? null : clean.length() > 128 ? clean.substring(0, 128) : clean;
    }

    private static void refuseIdToken(JsonWebToken token) {
        String typ = text(token, "typ");
        String tokenUse = text(token, "token_use");
        if (token.getClaim("nonce") != null || token.getClaim("at_hash") != null || "ID".equalsIgnoreCase(typ)
                || (tokenUse != null && !tokenUse.equals("access"))) {
            throw GraphException.unauthorized("Access token validation failure: this is an ID token; send an access token.");
        }
    }

    private boolean isApplication(JsonWebToken token, String subject, String client) {
        String idtyp = text(token, "idtyp");
        if (idtyp != null) {
            return idtyp.equals("app");
        }
        boolean entraShape = token.getClaim("scp") == null && !strings(token.getClaim("roles")).isEmpty()
                && subject.equals(text(token, "oid"));
        boolean rfc9068Shape = subject.equals(text(token, "client_id")) || subject.equals(text(token, "cid"));
        boolean auth0Shape = "client-credentials".equals(text(token, "gty"));
        return entraShape || rfc9068Shape || auth0Shape || (client != null && applicationClientIds.contains(client));
    }

    /** {@code scp} (Entra: a space-separated string; Okta: an array), else {@code scope} (Keycloak, Auth0, Cognito). */
    private Set<String> scopes(JsonWebToken token) {
        Object claim = token.getClaim("scp") != null ? token.getClaim("scp") : token.getClaim("scope");
        Set<String> out = new LinkedHashSet<>();
        for (String value : strings(claim)) {
            for (String scope : value.trim().split("\\s+")) {
                if (!scope.isEmpty()) {
                    out.add(withoutAudience(scope));
                }
            }
        }
        return out;
    }

    private String withoutAudience(String scope) {
        for (String audience : audiences) {
            if (scope.startsWith(audience + "/")) {
                return scope.substring(audience.length() + 1);
            }
        }
        return scope;
    }

    /** The configured claim (a path such as {@code realm_access/roles} reaches into objects) and Entra's {@code wids}, as role names. */
    private Set<String> directoryRoles(JsonWebToken token) {
        Set<String> raw = new LinkedHashSet<>(strings(claimAt(token, directoryRolesClaim)));
        raw.addAll(strings(token.getClaim("wids")));
        Set<String> names = new LinkedHashSet<>();
        for (String role : raw) {
            String byTemplate = Caller.ROLE_TEMPLATE_IDS.get(role.toLowerCase(Locale.ROOT));
            names.add(byTemplate != null ? byTemplate : ROLE_NAMES.getOrDefault(role.toLowerCase(Locale.ROOT), role));
        }
        return names;
    }

    private static Object claimAt(JsonWebToken token, String path) {
        String[] steps = path.split("/");
        Object value = token.getClaim(steps[0]);
        for (int i = 1; i < steps.length && value != null; i++) {
            value = value instanceof JsonObject object ? object.get(steps[i])
                    : value instanceof Map<?, ?> map ? map.get(steps[i]) : null;
        }
        return value;
    }

    private static String text(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value instanceof String s ? s : null;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static Set<String> strings(Object claim) {
        Set<String> out = new LinkedHashSet<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        } else if (claim instanceof Iterable<?> iterable) {
            iterable.forEach(v -> {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                } else if (v instanceof String s) {
                    out.add(s);
                }
            });
        } else if (claim instanceof JsonString s) {
            out.add(s.getString());
        } else if (claim instanceof String s) {
            out.add(s);
        }
        return out;
    }
}
