package io.guestpass.platform;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** Turns the validated bearer token of this request into a {@link Caller} and checks its permissions. */
@RequestScoped
public class CallerResolver {

    private final SecurityIdentity identity;
    private final String directoryRolesClaim;
    private Caller caller;

    CallerResolver(SecurityIdentity identity, GuestpassConfig config) {
        this.identity = identity;
        this.directoryRolesClaim = config.auth().directoryRolesClaim();
    }

    /** The caller, if it holds at least one of the permissions; 401 without a token, 403 without the permission. */
    public Caller require(String... anyOfPermissions) {
        Caller current = current();
        if (!current.hasAny(anyOfPermissions)) {
            throw GraphException.forbidden("Insufficient privileges to complete the operation: requires "
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
        String scp = token.getClaim("scp") instanceof JsonString s ? s.getString() : token.getClaim("scp") instanceof String s2 ? s2 : null;
        boolean delegated = scp != null && !scp.isBlank();
        Set<String> permissions = new HashSet<>();
        if (delegated) {
            permissions.addAll(Arrays.asList(scp.trim().split("\\s+")));
        } else {
            permissions.addAll(strings(token.getClaim("roles")));
        }
        Set<String> directoryRoles = delegated ? strings(token.getClaim(directoryRolesClaim)) : Set.of();
        String client = firstNonNull(claimText(token, "azp"), claimText(token, "appid"), claimText(token, "client_id"));
        return new Caller(token.getSubject(), client, delegated, Set.copyOf(permissions), directoryRoles);
    }

    private static String claimText(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return value == null ? null : value.toString();
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
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
            iterable.forEach(v -> out.add(v instanceof JsonString s ? s.getString() : String.valueOf(v)));
        } else if (claim instanceof JsonString s) {
            out.add(s.getString());
        } else if (claim instanceof String s) {
            out.add(s);
        }
        return out;
    }
}
