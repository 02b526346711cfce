package io.guestpass.platform;

import java.util.ArrayList;
import java.util.List;

/**
 * The roles one artifact can play. Each answers only its own path prefixes; the gateway routes by the same prefixes
 * (infra/routes.json), so a request that reaches the wrong function is refused here too.
 */
public enum FunctionRole {
    invite("/v1.0/"),
    redeem("/redeem"),
    /** Self-service sign-up and signing guests in to applications: the OpenID Connect provider. */
    signup("/signup/"),
    worker("/internal/worker/"),
    migrate("/internal/migrate"),
    /** Development only ({@code ./mvnw quarkus:dev}): every public route in one process, to click through a whole flow. */
    local("/");

    /** The OpenID Connect provider's endpoints under a tenant (the directory id or domain), shaped like Entra's. */
    private static final java.util.regex.Pattern OPENID_PROVIDER = java.util.regex.Pattern.compile(
            "/[^/]+/(oauth2/v2\\.0/(authorize|token)|v2\\.0/\\.well-known/openid-configuration|discovery/v2\\.0/keys|openid/v2\\.0/userinfo)");
    /** The end-session endpoint: the provider's too, but a page for people (its errors are pages, not RFC 6749 JSON). */
    private static final java.util.regex.Pattern LOGOUT = java.util.regex.Pattern.compile("/[^/]+/oauth2/v2\\.0/logout");

    private final String pathPrefix;

    FunctionRole(String pathPrefix) {
        this.pathPrefix = pathPrefix;
    }

    /** Whether the path is one of the OpenID Connect provider's endpoints (errors there follow RFC 6749 §5.2). */
    public static boolean isOpenIdProviderPath(String path) {
        return OPENID_PROVIDER.matcher(path).matches();
    }

    public boolean owns(String path) {
        if (this == local) {
            // the OpenID Connect provider's key set: served in development only until a deployed role is chosen for it;
            // /dev/: the development-only sample application and privacy placeholder (io.guestpass.devmode)
            return invite.owns(path) || redeem.owns(path) || signup.owns(path) || path.matches("/[^/]+/discovery/v2\\.0/keys")
                    || path.startsWith("/dev/");
        }
        if (this == redeem) {
            return path.equals("/redeem") || path.startsWith("/redeem/");
        }
        if (this == signup) {
            return path.startsWith(pathPrefix) || path.startsWith("/signin/") || OPENID_PROVIDER.matcher(path).matches()
                    || LOGOUT.matcher(path).matches();
        }
        return path.startsWith(pathPrefix) || (path + "/").equals(pathPrefix);
    }

    /** Whether this role validates administrators' bearer tokens (the default OIDC tenant). */
    public boolean servesAdministration() {
        return this == invite || this == signup || this == local;
    }

    /** Whether this role signs people in with identity providers (the provider tenants such as {@code msa}). */
    public boolean signsPeopleIn() {
        return this == redeem || this == signup || this == local;
    }

    /**
     * Whether this role seals or opens data with the data key: queued mail, stored responses, the redeem state cookie, the
     * private signing keys (migrate creates the first, the worker rotates them, sign-up signs with them).
     */
    public boolean sealsData() {
        return this == invite || this == redeem || this == signup || this == worker || this == migrate || this == local;
    }

    /**
     * Settings this role cannot work without and that no default supplies, beyond what the configuration mapping demands
     * of every role. Checked at start (RoleRequirements); infra/roles.json must give each of them to the role.
     */
    public List<String> requiredSettings() {
        List<String> names = new ArrayList<>();
        if (sealsData()) {
            names.add("guestpass.crypto.data-key");
        }
        if (servesAdministration()) {
            names.add("quarkus.oidc.auth-server-url");
        }
        if (signsPeopleIn()) {
            // without them quarkus-oidc would make up per-instance cookie keys: a sign-in started on one instance would
            // fail on the next
            names.addAll(List.of("quarkus.oidc.msa.client-id", "quarkus.oidc.msa.credentials.secret",
                    "quarkus.oidc.msa.authentication.state-secret", "quarkus.oidc.msa.token-state-manager.encryption-secret"));
        }
        return names;
    }
}
