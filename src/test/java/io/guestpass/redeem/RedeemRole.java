package io.guestpass.redeem;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The artifact as the redeem function. */
public class RedeemRole implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("guestpass.function", "redeem");
    }
}
