package io.guestpass.platform;

/**
 * The roles one artifact can play. Each answers only its own path prefixes; the gateway routes by the same prefixes
 * (infra/routes.json), so a request that reaches the wrong function is refused here too.
 */
public enum FunctionRole {
    invite("/v1.0/"),
    redeem("/redeem"),
    signup("/signup/"),
    worker("/internal/worker/"),
    migrate("/internal/migrate");

    private final String pathPrefix;

    FunctionRole(String pathPrefix) {
        this.pathPrefix = pathPrefix;
    }

    public boolean owns(String path) {
        if (this == redeem) {
            return path.equals("/redeem") || path.startsWith("/redeem/");
        }
        return path.startsWith(pathPrefix) || (path + "/").equals(pathPrefix);
    }

    public String pathPrefix() {
        return pathPrefix;
    }
}
