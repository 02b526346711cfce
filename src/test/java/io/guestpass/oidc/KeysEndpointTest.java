package io.guestpass.oidc;

import io.guestpass.directory.SigningKey;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.SigningKeyRows;
import io.guestpass.fixtures.TestClock;
import io.guestpass.migrate.FirstSigningKey;
import io.guestpass.platform.DataCipher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code GET /{tenant}/discovery/v2.0/keys}: the published key set, as a relying party fetches it. */
@QuarkusTest
@TestProfile(SigningKeysTest.LocalRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class KeysEndpointTest {

    static final String DIRECTORY_ID = "00000000-0000-0000-0000-0000000007e5";

    @Inject
    FirstSigningKey firstSigningKey;

    @Inject
    DataCipher cipher;

    @Inject
    TestClock clock;

    @BeforeEach
    void oneCurrentKeyAndNothingCached() {
        SigningKeyRows.resetToOneCurrentKey(firstSigningKey);
        SigningKeyRows.outdateCachedKeys(clock);
    }

    @AfterEach
    void backToNow() {
        clock.reset();
        SigningKeyRows.resetToOneCurrentKey(firstSigningKey);
    }

    @Test
    void theSetHoldsThePublicHalvesOfTheNextCurrentAndPreviousKeysOnly() {
        Instant now = clock.instant();
        SigningKey next = SigningKey.generate(SigningKey.Status.next, now, cipher);
        SigningKey previous = SigningKey.generate(SigningKey.Status.current, now.minus(Duration.ofDays(40)), cipher);
        previous.status = SigningKey.Status.previous;
        previous.supersededAt = now.minus(Duration.ofDays(10));
        SigningKey retired = SigningKey.generate(SigningKey.Status.current, now.minus(Duration.ofDays(80)), cipher);
        retired.status = SigningKey.Status.retired;
        retired.supersededAt = now.minus(Duration.ofDays(50));
        retired.retiredAt = now.minus(Duration.ofDays(20));
        retired.sealedPrivateKey = null;
        for (SigningKey key : List.of(next, previous, retired)) {
            SigningKeyRows.insert(key);
        }
        SigningKeyRows.outdateCachedKeys(clock);

        Response response = given().get("/" + DIRECTORY_ID + "/discovery/v2.0/keys");
        response.then().statusCode(200).contentType(startsWith("application/json"));
        // the Lambda event path sends a list-valued header as repeated lines, which mean the same (RFC 9110, 5.3)
        assertEquals("public, max-age=300", String.join(", ", response.headers().getValues("Cache-Control")));
        JsonPath jwks = response.jsonPath();

        List<Map<String, Object>> keys = jwks.getList("keys");
        assertEquals(Set.of(SigningKeyRows.kid("current"), next.kid, previous.kid),
                Set.copyOf(keys.stream().map(k -> (String) k.get("kid")).toList()));
        for (Map<String, Object> key : keys) {
            assertEquals(Set.of("kty", "kid", "use", "alg", "n", "e"), key.keySet(), "public members only: " + key.keySet());
            assertEquals("RSA", key.get("kty"));
            assertEquals("sig", key.get("use"));
            assertEquals("RS256", key.get("alg"));
        }
        assertEquals(Set.of("keys"), jwks.getMap("").keySet());
    }

    @Test
    void theTenantIsTheDirectoryIdOrItsDomainInAnyCase() {
        for (String tenant : List.of(DIRECTORY_ID, DIRECTORY_ID.toUpperCase(), "contoso.test", "Contoso.TEST")) {
            given().get("/" + tenant + "/discovery/v2.0/keys").then().statusCode(200)
                    .body("keys[0].kid", equalTo(SigningKeyRows.kid("current")));
        }
    }

    @Test
    void anyOtherTenantIsAnOAuthStyleError() {
        for (String tenant : List.of("common", "organizations", "consumers", "11111111-1111-1111-1111-111111111111",
                "contoso.test.evil.example", "contoso")) {
            given().get("/" + tenant + "/discovery/v2.0/keys").then().statusCode(400)
                    .contentType(startsWith("application/json"))
                    .body("error", equalTo("invalid_tenant"))
                    .body("error_description", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
                    .body("keys", org.hamcrest.Matchers.nullValue());
        }
    }
}
