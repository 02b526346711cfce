package io.guestpass.oidc;

import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Simultaneously;
import io.guestpass.fixtures.TestClock;
import io.guestpass.redeem.Invitations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Refresh tokens, after the OpenID Foundation's refresh-token module (oidcc-refresh-token) and RFC 9700 §4.14: a refresh
 * works and rotates, a rotated token of a public client revokes its family, another client or a widened scope is refused,
 * a blocked guest or one whose sessions were revoked gets nothing, two refreshes at once have one winner.
 */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class RefreshTokenTest {

    static final String TOKEN = "/" + AppSignIn.TENANT + "/oauth2/v2.0/token";
    static final String USERINFO = "/" + AppSignIn.TENANT + "/openid/v2.0/userinfo";
    static final String NATIVE = Browser.APPLICATION_ORIGIN + "/native";
    static final String SPA = Browser.APPLICATION_ORIGIN + "/spa";
    static final String VERIFIER = ProviderRulesTest.VERIFIER;
    static final String CHALLENGE = ProviderRulesTest.CHALLENGE;

    @Inject
    Applications applications;

    @Inject
    Invitations invitations;

    @Inject
    TestClock clock;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    @Test
    void discoveryListsTheRefreshGrant() {
        given().get("/" + AppSignIn.TENANT + "/v2.0/.well-known/openid-configuration").then().statusCode(200)
                .body("grant_types_supported", hasItems("authorization_code", "refresh_token"));
    }

    @Test
    void withoutOfflineAccessThereIsNoRefreshToken() throws Exception {
        Applications.Registered app = applications.web("No offline", AppSignIn.CALLBACK);
        SignedIn guest = signIn(app, AppSignIn.CALLBACK, "openid profile", false);
        guest.tokens().then().statusCode(200).body("refresh_token", nullValue()).body("client_info", nullValue());
    }

    @Test
    void aRefreshGivesNewTokensWithTheOriginalAuthTimeAndRotatesTheRefreshToken() throws Exception {
        Applications.Registered app = applications.web("Portal", AppSignIn.CALLBACK);
        SignedIn guest = signIn(app, AppSignIn.CALLBACK, "openid profile email offline_access", false);
        Response first = guest.tokens();
        first.then().statusCode(200).body("scope", equalTo("openid profile email offline_access"))
                .body("refresh_token", notNullValue())
                .body("refresh_token_expires_in", both(greaterThan(90 * 24 * 3600 - 60)).and(lessThanOrEqualTo(90 * 24 * 3600)));
        Map<String, Object> firstId = claims(first.path("id_token"));
        Response refreshed = refresh(app, first.path("refresh_token"), null);
        refreshed.then().statusCode(200).header("Cache-Control", "no-store").body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(3600)).body("scope", equalTo("openid profile email offline_access"));
        Map<String, Object> id = claims(refreshed.path("id_token"));
        assertEquals(firstId.get("auth_time"), id.get("auth_time"), "OpenID Connect Core §12.2: the original authentication");
        assertEquals(firstId.get("sub"), id.get("sub"));
        assertEquals(firstId.get("aud"), id.get("aud"));
        assertEquals(firstId.get("iss"), id.get("iss"));
        assertEquals("n", firstId.get("nonce"));
        assertFalse(id.containsKey("nonce"), "a refresh is no authentication request: no nonce");
        assertNotEquals(first.<String>path("refresh_token"), refreshed.<String>path("refresh_token"));
        assertNotEquals(first.<String>path("access_token"), refreshed.<String>path("access_token"));
        given().header("Authorization", "Bearer " + refreshed.path("access_token")).get(USERINFO).then().statusCode(200)
                .body("sub", equalTo(id.get("sub")));
        // the rotated token is spent; a web client's family survives (its tokens only work with its secret)
        refresh(app, first.path("refresh_token"), null).then().statusCode(400).body("error", equalTo("invalid_grant"));
        refresh(app, refreshed.path("refresh_token"), null).then().statusCode(200);
        assertEquals(3, Directory.count("select count(*) from refresh_token"));
        assertEquals(2, Directory.count("select count(*) from refresh_token where used_at is not null"));
    }

    @Test
    void aRotatedTokenOfAPublicClientComingBackRevokesTheWholeFamily() throws Exception {
        Applications.Registered app = applications.publicClient("Desktop", NATIVE);
        SignedIn guest = signIn(app, NATIVE, "openid profile offline_access", true);
        Response first = guest.tokens();
        Response second = refresh(app, first.path("refresh_token"), null);
        second.then().statusCode(200);
        given().header("Authorization", "Bearer " + second.path("access_token")).get(USERINFO).then().statusCode(200);
        // someone replays the first token: refused, and everything descending from the sign-in goes with it
        refresh(app, first.path("refresh_token"), null).then().statusCode(400).body("error", equalTo("invalid_grant"));
        refresh(app, second.path("refresh_token"), null).then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().header("Authorization", "Bearer " + second.path("access_token")).get(USERINFO).then().statusCode(401);
        given().header("Authorization", "Bearer " + first.path("access_token")).get(USERINFO).then().statusCode(401);
    }

    @Test
    void aWebClientsTokenWorksOnlyForThatClientAuthenticatedAndARefusalRotatesNothing() throws Exception {
        Applications.Registered app = applications.web("Portal", AppSignIn.CALLBACK);
        Applications.Registered other = applications.web("Other", AppSignIn.CALLBACK);
        Applications.Registered publicOne = applications.publicClient("Public", NATIVE);
        String token = signIn(app, AppSignIn.CALLBACK, "openid offline_access", false).tokens().path("refresh_token");
        // another client, even with its own good secret
        refresh(other, token, null).then().statusCode(400).body("error", equalTo("invalid_grant"));
        form(Map.of("grant_type", "refresh_token", "refresh_token", token, "client_id", publicOne.clientId()))
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
        // its own client id without the secret (RFC 9700 §4.14.2), or with a wrong one
        form(Map.of("grant_type", "refresh_token", "refresh_token", token, "client_id", app.clientId()))
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        given().auth().preemptive().basic(app.clientId(), "wrong").contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("grant_type", "refresh_token", "refresh_token", token)).post(TOKEN)
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        assertEquals(0, Directory.count("select count(*) from refresh_token where used_at is not null or revoked_at is not null"));
        // client_secret_post works as well as Basic
        form(Map.of("grant_type", "refresh_token", "refresh_token", token, "client_id", app.clientId(), "client_secret", app.secret()))
                .then().statusCode(200);
        // a deleted application refreshes nothing
        applications.delete(app);
        form(Map.of("grant_type", "refresh_token", "refresh_token", token, "client_id", app.clientId(), "client_secret", app.secret()))
                .then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void aRefreshMayNarrowTheScopeButNeverWidenIt() throws Exception {
        Applications.Registered api = applications.api("Orders", "api://contoso-orders", "Orders.Read", "Orders.Write");
        Applications.Registered app = applications.web("Portal", AppSignIn.CALLBACK);
        String token = signIn(app, AppSignIn.CALLBACK, "openid profile offline_access api://contoso-orders/Orders.Read", false)
                .tokens().then().statusCode(200).extract().path("refresh_token");
        refresh(app, token, "openid profile offline_access api://contoso-orders/Orders.Write").then().statusCode(400)
                .body("error", equalTo("invalid_scope"));
        refresh(app, token, "openid email").then().statusCode(400).body("error", equalTo("invalid_scope"));
        // nothing rotated: the token still works, narrowed to the API (MSAL's .default stands for all that was granted)
        Response narrowed = refresh(app, token, "api://contoso-orders/.default offline_access");
        narrowed.then().statusCode(200).body("scope", equalTo("offline_access api://contoso-orders/Orders.Read")).body("id_token", nullValue());
        Map<String, Object> access = claims(narrowed.path("access_token"));
        assertEquals(api.clientId(), access.get("aud"));
        assertEquals("Orders.Read", access.get("scp"));
        // the new refresh token keeps the original grant: openid alone gives a userinfo token and an ID token
        Response openIdOnly = refresh(app, narrowed.path("refresh_token"), "openid");
        openIdOnly.then().statusCode(200).body("scope", equalTo("openid")).body("id_token", notNullValue());
        given().header("Authorization", "Bearer " + openIdOnly.path("access_token")).get(USERINFO).then().statusCode(200);
    }

    @Test
    void aBlockedGuestOrOneWhoseSessionsWereRevokedGetsNothing() throws Exception {
        Applications.Registered app = applications.web("Portal", AppSignIn.CALLBACK);
        SignedIn guest = signIn(app, AppSignIn.CALLBACK, "openid offline_access", false);
        String token = guest.tokens().path("refresh_token");
        applications.setEnabled(guest.userId(), false);
        refresh(app, token, null).then().statusCode(400).body("error", equalTo("invalid_grant"));
        applications.setEnabled(guest.userId(), true);
        String next = refresh(app, token, null).then().statusCode(200).extract().path("refresh_token");
        applications.revokeSignInSessions(guest.userId(), clock.instant());
        refresh(app, next, null).then().statusCode(400).body("error", equalTo("invalid_grant"));
        // a sign-in after the revocation starts a family that works
        SignedIn again = signIn(app, AppSignIn.CALLBACK, "openid offline_access", false, guest.email());
        refresh(app, again.tokens().path("refresh_token"), null).then().statusCode(200);
    }

    @Test
    void twoRefreshesAtTheSameMomentHaveExactlyOneWinner() throws Exception {
        Applications.Registered app = applications.web("Portal", AppSignIn.CALLBACK);
        String token = signIn(app, AppSignIn.CALLBACK, "openid offline_access", false).tokens().path("refresh_token");
        List<Callable<Response>> tries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tries.add(() -> refresh(app, token, null));
        }
        List<Response> answers = Simultaneously.call(tries);
        List<Response> winners = answers.stream().filter(r -> r.statusCode() == 200).toList();
        assertEquals(1, winners.size(), answers.stream().map(Response::statusCode).toList().toString());
        assertTrue(answers.stream().filter(r -> r.statusCode() != 200).allMatch(r -> "invalid_grant".equals(r.path("error"))));
        refresh(app, winners.get(0).path("refresh_token"), null).then().statusCode(200);
    }

    @Test
    void aSinglePageAppsFamilyEndsADayAfterItsSignInHoweverOftenItRefreshes() throws Exception {
        Applications.Registered app = applications.spa("SPA", SPA);
        SignedIn guest = signIn(app, SPA, "openid profile offline_access", true);
        Response first = guest.tokens();
        first.then().statusCode(200).body("refresh_token_expires_in", lessThanOrEqualTo(24 * 3600));
        clock.advance(Duration.ofHours(23));
        Response late = refresh(app, first.path("refresh_token"), null);
        late.then().statusCode(200).body("refresh_token_expires_in", lessThanOrEqualTo(3600));
        clock.advance(Duration.ofHours(1).plusMinutes(1));
        refresh(app, late.path("refresh_token"), null).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void aReplayedCodeRevokesTheRefreshTokensItGave() throws Exception {
        Applications.Registered app = applications.web("Portal", AppSignIn.CALLBACK);
        SignedIn guest = signIn(app, AppSignIn.CALLBACK, "openid offline_access", false);
        String token = guest.tokens().path("refresh_token");
        guest.tokens().then().statusCode(400).body("error", equalTo("invalid_grant"));
        refresh(app, token, null).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void clientInfoNamesTheGuestAndTheDirectoryForMsal() throws Exception {
        Applications.Registered app = applications.publicClient("Desktop", NATIVE);
        SignedIn guest = signIn(app, NATIVE, "openid profile offline_access", true);
        Map<String, String> form = new LinkedHashMap<>(guest.exchange());
        form.put("client_info", "1");
        Response tokens = form(form);
        String expected = "{\"uid\":\"" + guest.userId() + "\",\"utid\":\"" + AppSignIn.TENANT + "\"}";
        String clientInfo = tokens.then().statusCode(200).extract().path("client_info");
        assertFalse(clientInfo.contains("="), "base64url without padding");
        assertEquals(expected, new String(Base64.getUrlDecoder().decode(clientInfo), StandardCharsets.UTF_8));
        Response refreshed = form(Map.of("grant_type", "refresh_token", "client_id", app.clientId(), "refresh_token",
                tokens.path("refresh_token"), "client_info", "1"));
        assertEquals(clientInfo, refreshed.then().statusCode(200).extract().path("client_info"));
    }

    @Test
    void malformedRefreshRequestsAreRefusedInOAuthShape() {
        Applications.Registered app = applications.web("Portal", AppSignIn.CALLBACK);
        form(Map.of("grant_type", "refresh_token", "client_id", app.clientId())).then().statusCode(400).body("error", equalTo("invalid_request"));
        refresh(app, "not-a-token", null).then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().contentType("application/x-www-form-urlencoded")
                .body("grant_type=refresh_token&refresh_token=a&refresh_token=b&client_id=" + app.clientId()).post(TOKEN)
                .then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    // --- helpers ------------------------------------------------------------------------------------------------------

    /** A guest's code for an application, and how to exchange it. */
    record SignedIn(Applications.Registered app, String email, String userId, Map<String, String> exchange) {

        Response tokens() {
            return app.secret() == null ? form(exchange)
                    : given().auth().preemptive().basic(app.clientId(), app.secret()).contentType("application/x-www-form-urlencoded")
                            .formParams(exchange).post(TOKEN);
        }
    }

    private SignedIn signIn(Applications.Registered app, String redirectUri, String scope, boolean pkce) throws Exception {
        String email = "refresh-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        return signIn(app, redirectUri, scope, pkce, email);
    }

    /** The invited (or accepted) guest signs in to the application in a browser, accepting on the way if need be. */
    private SignedIn signIn(Applications.Registered app, String redirectUri, String scope, boolean pkce, String email) throws Exception {
        String request = AppSignIn.AUTHORIZE + "?client_id=" + app.clientId() + "&redirect_uri=" + enc(redirectUri)
                + "&response_type=code&scope=" + enc(scope) + "&state=st&nonce=n"
                + (pkce ? "&code_challenge=" + CHALLENGE + "&code_challenge_method=S256&response_mode=query" : "");
        String code;
        try (Browser browser = new Browser("en")) {
            org.htmlunit.Page page = AppSignIn.signIn(browser, URI.create(request), email);
            if (!page.getUrl().toString().startsWith(Browser.APPLICATION_ORIGIN)) {
                page = AppSignIn.press((org.htmlunit.html.HtmlPage) page, "Accept and continue");
            }
            code = AppSignIn.received(page).get("code");
            assertNotNull(code, page.getUrl().toString());
        }
        Map<String, String> exchange = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri));
        if (pkce) {
            exchange.put("code_verifier", VERIFIER);
        }
        if (app.secret() == null) {
            exchange.put("client_id", app.clientId());
        }
        String userId = Directory.text("select id::text from guest_user where mail = ?", email);
        return new SignedIn(app, email, userId, exchange);
    }

    private static Response refresh(Applications.Registered app, String token, String scope) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "refresh_token", "refresh_token", token));
        if (scope != null) {
            form.put("scope", scope);
        }
        if (app.secret() == null) {
            form.put("client_id", app.clientId());
            return form(form);
        }
        return given().auth().preemptive().basic(app.clientId(), app.secret()).contentType("application/x-www-form-urlencoded")
                .formParams(form).post(TOKEN);
    }

    private static Response form(Map<String, String> form) {
        return given().contentType("application/x-www-form-urlencoded").formParams(form).post(TOKEN);
    }

    /** A JWT's claims, unverified (the signature is the code flow tests' business). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> claims(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(payload).getMap("");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
