package io.guestpass.oidc;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The artifact as the sign-up function, which is also the OpenID Connect provider of the directory's applications. */
public class SignUpRole implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("guestpass.function", "signup");
    }
}
