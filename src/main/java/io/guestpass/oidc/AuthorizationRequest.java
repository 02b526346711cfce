package io.guestpass.oidc;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An application's authorization request after every check (OpenID Connect Core §3.1.2): the sign-in journey's payload,
 * sealed in its cookie while the person signs in. {@code clientKind} is the platform the redirect URI is registered
 * under (web, spa, public), which decides PKCE and client authentication; {@code scope} is what is granted (normalised), {@code resource}
 * the appId of the API the access token is for (null: the userinfo endpoint); {@code authenticatedAt} is set once the
 * provider vouched for the person.
 */
@RegisterForReflection
public record AuthorizationRequest(
        String clientId,
        String clientKind,
        String redirectUri,
        String responseMode,
        String scope,
        String resource,
        String state,
        String nonce,
        String codeChallenge,
        String prompt,
        Long maxAge,
        String loginHint,
        Long authenticatedAt) {

    public Set<String> scopes() {
        return new LinkedHashSet<>(Arrays.asList(scope.split(" ")));
    }

    public boolean asksForOpenId() {
        return scopes().contains("openid");
    }

    public AuthorizationRequest authenticatedAt(long epochSecond) {
        return new AuthorizationRequest(clientId, clientKind, redirectUri, responseMode, scope, resource, state, nonce, codeChallenge,
                prompt, maxAge, loginHint, epochSecond);
    }
}
