package io.guestpass.oidc;

import io.guestpass.platform.GuestpassConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The provider's public URLs, shaped like Entra's ({@code /<directory id>/oauth2/v2.0/…}); discovery advertises them and
 * the userinfo endpoint's URL is the audience of the access tokens made for it.
 */
@ApplicationScoped
public class Endpoints {

    private final String base;

    Endpoints(GuestpassConfig config) {
        this.base = config.publicBaseUrl().replaceAll("/+$", "") + "/" + config.directory().id();
    }

    public String authorize() {
        return base + "/oauth2/v2.0/authorize";
    }

    public String token() {
        return base + "/oauth2/v2.0/token";
    }

    public String keys() {
        return base + "/discovery/v2.0/keys";
    }

    public String userinfo() {
        return base + "/openid/v2.0/userinfo";
    }

    public String logout() {
        return base + "/oauth2/v2.0/logout";
    }
}
