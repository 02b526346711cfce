package io.guestpass.oidc;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CORS on the provider's JSON endpoints, for registered single-page applications' origins and nothing else. */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class CrossOriginTest {

    static final String SPA = "https://spa.contoso.test";
    static final String WEB = "https://portal.contoso.test";
    static final String BASE = "/" + AppSignIn.TENANT;
    static final String[] COVERED = {BASE + "/oauth2/v2.0/token", BASE + "/v2.0/.well-known/openid-configuration",
            BASE + "/discovery/v2.0/keys", BASE + "/openid/v2.0/userinfo"};

    @Inject
    Applications applications;

    @Inject
    TestClock clock;

    @BeforeEach
    void registered() {
        Directory.reset();
        applications.spa("Contoso SPA", SPA + "/callback");
        applications.web("Contoso Portal", WEB + "/signin-oidc");
        // whatever origins an earlier test left cached are stale now
        clock.advance(SpaOrigins.MAX_AGE);
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private static Response preflight(String path, String origin) {
        return given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, x-client-sku, x-client-ver").options(path);
    }

    @Test
    void aRegisteredSpaOriginGetsPreflightsAndAnswersWithoutCredentials() {
        for (String path : COVERED) {
            Response answer = preflight(path, SPA);
            assertEquals(204, answer.statusCode(), path);
            assertEquals(SPA, answer.header("Access-Control-Allow-Origin"), path);
            assertEquals("content-type, x-client-sku, x-client-ver",
                    String.join(", ", answer.headers().getValues("Access-Control-Allow-Headers")), path);
            assertTrue(answer.header("Access-Control-Allow-Methods").contains("POST"), path);
            assertTrue(answer.headers().getValues("Vary").contains("Origin"), path);
            assertNull(answer.header("Access-Control-Allow-Credentials"), path);
        }
        Response discovery = given().header("Origin", SPA).get(COVERED[1]);
        assertEquals(200, discovery.statusCode());
        assertEquals(SPA, discovery.header("Access-Control-Allow-Origin"));
        assertTrue(discovery.headers().getValues("Vary").contains("Origin"));
        assertEquals(SPA, given().header("Origin", SPA).get(COVERED[2]).header("Access-Control-Allow-Origin"));
        // errors too, so that the application's script can read them
        Response token = given().header("Origin", SPA).formParam("grant_type", "authorization_code").formParam("code", "nope")
                .post(COVERED[0]);
        assertEquals(400, token.statusCode());
        assertEquals(SPA, token.header("Access-Control-Allow-Origin"));
        Response userinfo = given().header("Origin", SPA).get(COVERED[3]);
        assertEquals(401, userinfo.statusCode());
        assertEquals(SPA, userinfo.header("Access-Control-Allow-Origin"));
    }

    @Test
    void otherOriginsAndOtherEndpointsGetNothing() {
        for (String origin : new String[] {WEB, "https://evil.example", "null", SPA + ".evil.example", "http://spa.contoso.test"}) {
            for (String path : COVERED) {
                Response answer = preflight(path, origin);
                assertEquals(403, answer.statusCode(), origin + " " + path);
                assertNull(answer.header("Access-Control-Allow-Origin"), origin + " " + path);
            }
            Response discovery = given().header("Origin", origin).get(COVERED[1]);
            assertEquals(200, discovery.statusCode());
            assertNull(discovery.header("Access-Control-Allow-Origin"), origin);
            assertTrue(discovery.headers().getValues("Vary").contains("Origin"));
        }
        for (String path : new String[] {BASE + "/oauth2/v2.0/authorize", BASE + "/oauth2/v2.0/logout", "/signin/error"}) {
            assertNull(given().header("Origin", SPA).get(path).header("Access-Control-Allow-Origin"), path);
            assertNull(preflight(path, SPA).header("Access-Control-Allow-Origin"), path);
        }
    }

    @Test
    void aNewlyRegisteredSpaCountsOnceTheCachedOriginsAreAMinuteOld() {
        String later = "https://later.contoso.test";
        assertEquals(403, preflight(COVERED[0], later).statusCode());
        applications.spa("Later SPA", later + "/");
        assertEquals(403, preflight(COVERED[0], later).statusCode(), "the cached list is still fresh");
        clock.advance(SpaOrigins.MAX_AGE);
        assertEquals(204, preflight(COVERED[0], later).statusCode());
    }
}
