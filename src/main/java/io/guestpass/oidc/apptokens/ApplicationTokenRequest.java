package io.guestpass.oidc.apptokens;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer token at /v1.0 that names Guestpass itself as issuer: an application's client-credentials token, if genuine. */
public final class ApplicationTokenRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApplicationTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
