package io.guestpass.oidc;

import io.guestpass.directory.Application;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a requested {@code scope} means (RFC 6749 §3.3): OpenID Connect's own scopes, and at most one resource's scopes
 * written {@code <identifierUri>/<value>} or {@code <identifierUri>/.default} (as in Entra). Guestpass's own admin API is
 * never a resource here: its tokens come from the organization's identity provider only.
 */
public final class Scopes {

    public static final Set<String> OPENID_SCOPES = Set.of("openid", "profile", "email", "offline_access");
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,512}");

    /** The scopes granted: {@code scope} normalised, {@code resource} the API's appId or null. */
    public record Granted(String scope, String resource) {
    }

    /** A scope that cannot be granted; the message says which and why. */
    public static final class InvalidScope extends RuntimeException {
        public InvalidScope(String message) {
            super(message, null, false, false);
        }
    }

    private Scopes() {
    }

    public static Uni<Granted> resolve(String requested, String adminAudience) {
        if (requested == null || requested.isBlank() || requested.length() > 2048) {
            return Uni.createFrom().failure(new InvalidScope("scope is required (at most 2048 characters)"));
        }
        Set<String> openId = new LinkedHashSet<>();
        List<String> resourceScopes = new ArrayList<>();
        for (String scope : requested.trim().split(" +")) {
            if (!SCOPE_TOKEN.matcher(scope).matches()) {
                return Uni.createFrom().failure(new InvalidScope("a scope has characters RFC 6749 does not allow"));
            }
            if (OPENID_SCOPES.contains(scope)) {
                openId.add(scope);
            } else {
                resourceScopes.add(scope);
            }
        }
        if (resourceScopes.isEmpty()) {
            if (openId.isEmpty()) {
                return Uni.createFrom().failure(new InvalidScope("no scope that can be granted was requested"));
            }
            return Uni.createFrom().item(new Granted(String.join(" ", openId), null));
        }
        String identifierUri = resourceOf(resourceScopes.get(0));
        if (resourceScopes.stream().map(Scopes::resourceOf).anyMatch(r -> !r.equals(identifierUri))) {
            return Uni.createFrom().failure(new InvalidScope("scopes of more than one resource were requested"));
        }
        if (identifierUri.isEmpty() || identifierUri.equalsIgnoreCase(adminAudience)) {
            return Uni.createFrom().failure(new InvalidScope("unknown scope " + resourceScopes.get(0)));
        }
        return Application.findByIdentifierUri(identifierUri).map(api -> {
            if (api == null) {
                throw new InvalidScope("no application exposes " + identifierUri);
            }
            List<String> enabled = api.enabledScopeValues();
            Set<String> granted = new LinkedHashSet<>(openId);
            for (String scope : resourceScopes) {
                String value = scope.substring(identifierUri.length() + 1);
                if (value.equals(".default")) {
                    enabled.forEach(v -> granted.add(identifierUri + "/" + v));
                } else if (enabled.contains(value)) {
                    granted.add(scope);
                } else {
                    throw new InvalidScope("unknown scope " + scope);
                }
            }
            return new Granted(String.join(" ", granted), api.appId.toString());
        });
    }

    /** The resource's scope values in a granted scope string (what {@code scp} carries). */
    public static String resourceValues(String granted) {
        List<String> values = new ArrayList<>();
        for (String scope : granted.split(" ")) {
            if (!OPENID_SCOPES.contains(scope)) {
                values.add(scope.substring(scope.lastIndexOf('/') + 1));
            }
        }
        return String.join(" ", values);
    }

    private static String resourceOf(String scope) {
        int slash = scope.lastIndexOf('/');
        return slash <= 0 ? "" : scope.substring(0, slash);
    }
}
