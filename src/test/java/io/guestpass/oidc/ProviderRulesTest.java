package io.guestpass.oidc;

import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.TestClock;
import io.guestpass.redeem.Invitations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider's rules, each tried the way an attacker or a sloppy client would: the authorization request's checks (what
 * becomes a page, what goes back to the application), the token endpoint's client authentication, codes and PKCE, and
 * userinfo. The OpenID Foundation's Basic OP modules that apply to the code flow are among them.
 */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class ProviderRulesTest {

    static final String AUTHORIZE = "/" + AppSignIn.TENANT + "/oauth2/v2.0/authorize";
    static final String TOKEN = "/" + AppSignIn.TENANT + "/oauth2/v2.0/token";
    static final String USERINFO = "/" + AppSignIn.TENANT + "/openid/v2.0/userinfo";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Inject
    Applications applications;

    @Inject
    Invitations invitations;

    @org.junit.jupiter.api.BeforeEach
    void emptyDirectory() {
        io.guestpass.fixtures.Directory.reset();
    }

    @Inject
    TestClock clock;

    @AfterEach
    void putTheClockBack() {
        clock.reset();
    }

    // --- the authorization request ------------------------------------------------------------------------------------

    @Test
    void anUnknownClientOrAnUnregisteredRedirectUriGetsAPageNeverARedirect() {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        String registered = AppSignIn.CALLBACK;
        List<String> variants = List.of(registered + "/", registered + "x", registered.toUpperCase(), registered + "?x=1",
                registered.replace("https://", "http://"), "https://app.contoso.test.evil.example/callback",
                "https://app.contoso.test/call", registered + "#f");
        for (String redirect : variants) {
            authorize(Map.of("client_id", app.clientId(), "redirect_uri", redirect, "response_type", "code", "scope", "openid"))
                    .then().statusCode(400).header("Location", nullValue()).contentType(containsString("text/html"));
        }
        authorize(Map.of("client_id", UUID.randomUUID().toString(), "redirect_uri", registered, "response_type", "code", "scope", "openid"))
                .then().statusCode(400).header("Location", nullValue());
        authorize(Map.of("client_id", "<script>alert(1)</script>", "redirect_uri", registered, "response_type", "code", "scope", "openid"))
                .then().statusCode(400).header("Location", nullValue()).body(org.hamcrest.Matchers.not(containsString("<script>")));
        given().urlEncodingEnabled(false).redirects().follow(false).get("/common/oauth2/v2.0/authorize?client_id=" + app.clientId() + "&redirect_uri="
                + enc(registered) + "&response_type=code&scope=openid").then().statusCode(400).header("Location", nullValue());
    }

    @Test
    void errorsAfterTheClientIsKnownGoBackToItWithItsState() {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        Map<String, String> base = Map.of("client_id", app.clientId(), "redirect_uri", AppSignIn.CALLBACK, "response_type", "code",
                "scope", "openid", "state", "s-1");
        assertError(authorize(with(base, "response_type", "token")), "unsupported_response_type", "s-1");
        assertError(authorize(with(base, "request", "eyJhbGciOiJub25lIn0.e30.")), "request_not_supported", "s-1");
        assertError(authorize(with(base, "request_uri", "https://evil.example/r")), "request_uri_not_supported", "s-1");
        assertError(authorize(with(base, "prompt", "none")), "login_required", "s-1");
        assertError(authorize(with(base, "scope", "https://graph.microsoft.com/User.Read")), "invalid_scope", "s-1");
        assertError(authorize(with(base, "scope", "openid " + GuestpassTestResources.AUDIENCE + "/User.Invite.All")), "invalid_scope", "s-1");
        assertError(authorize(with(base, "max_age", "-1")), "invalid_request", "s-1");
        assertError(authorize(with(base, "code_challenge_method", "plain")), "invalid_request", "s-1");
        assertError(authorize(with(with(base, "code_challenge", CHALLENGE), "code_challenge_method", "plain")), "invalid_request", "s-1");
        // a repeated parameter is invalid_request
        Response repeated = given().urlEncodingEnabled(false).redirects().follow(false).get(AUTHORIZE + "?" + query(base) + "&scope=profile");
        assertEquals(303, repeated.statusCode());
        assertTrue(repeated.header("Location").contains("error=invalid_request"), repeated.header("Location"));
    }

    @Test
    void publicAndSinglePageClientsMustUsePkce() {
        Applications.Registered spa = applications.spa("SPA", Browser.APPLICATION_ORIGIN + "/spa");
        Applications.Registered mobile = applications.publicClient("Mobile", "com.contoso.app:/callback", "http://127.0.0.1/cb");
        assertError(authorize(Map.of("client_id", spa.clientId(), "redirect_uri", Browser.APPLICATION_ORIGIN + "/spa",
                "response_type", "code", "scope", "openid", "state", "p")), "invalid_request", "p");
        // a loopback redirect URI of a public client matches on any port (RFC 8252 §7.3), and still needs PKCE
        assertError(authorize(Map.of("client_id", mobile.clientId(), "redirect_uri", "http://127.0.0.1:53124/cb",
                "response_type", "code", "scope", "openid", "state", "q")), "invalid_request", "q");
        authorize(Map.of("client_id", mobile.clientId(), "redirect_uri", "http://127.0.0.1:53124/cb", "response_type", "code",
                "scope", "openid", "code_challenge", CHALLENGE, "code_challenge_method", "S256")).then().statusCode(200);
        authorize(Map.of("client_id", mobile.clientId(), "redirect_uri", "http://127.0.0.1:53124/other", "response_type", "code",
                "scope", "openid", "code_challenge", CHALLENGE, "code_challenge_method", "S256")).then().statusCode(400);
    }

    @Test
    void unknownParametersAreIgnoredAndPostWorksLikeGet() {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        Map<String, String> request = Map.of("client_id", app.clientId(), "redirect_uri", AppSignIn.CALLBACK, "response_type", "code",
                "scope", "openid profile", "state", "x", "unknown_parameter", "whatever", "claims_locales", "nl");
        authorize(request).then().statusCode(200).body(containsString("Sign in with Microsoft account")).cookie("gp_signin");
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded").formParams(request).post(AUTHORIZE)
                .then().statusCode(200).body(containsString("Sign in to Rules"));
    }

    @Test
    void promptLoginMaxAgeAndLoginHintReachMicrosoft() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        String email = accepted(app);
        for (Map.Entry<String, String> ask : Map.of("prompt", "login", "max_age", "0").entrySet()) {
            try (Browser browser = new Browser("en")) {
                AppSignIn flow = AppSignIn.start();
                URI request = URI.create(flow.request(app.clientId(), AppSignIn.CALLBACK, false).loginHint(email).build().toURI()
                        + "&" + ask.getKey() + "=" + ask.getValue());
                Page atApp = AppSignIn.signIn(browser, request, email);
                String toMicrosoft = GuestpassTestResources.microsoft().lastAuthorizeQuery();
                assertTrue(toMicrosoft.contains("prompt=login"), toMicrosoft);
                assertTrue(toMicrosoft.contains("login_hint=" + enc(email)), toMicrosoft);
                Map<String, String> received = AppSignIn.received(atApp);
                var tokens = flow.exchange(received.get("code"), app.clientId(), app.secret(), AppSignIn.CALLBACK, false);
                var claims = AuthorizationCodeFlowTest.verified(((com.nimbusds.openid.connect.sdk.OIDCTokenResponse) tokens.toSuccessResponse())
                        .getOIDCTokens().getIDToken(), app.clientId(), flow);
                long authTime = ((Number) claims.getClaim("auth_time")).longValue();
                assertTrue(Math.abs(authTime - clock.instant().getEpochSecond()) < 30, "auth_time is the fresh sign-in");
            }
        }
        // without either, no prompt is forced
        try (Browser browser = new Browser("en")) {
            AppSignIn.signIn(browser, AppSignIn.start().request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI(), email);
            assertFalse(GuestpassTestResources.microsoft().lastAuthorizeQuery().contains("prompt="));
        }
    }

    @Test
    void formPostDeliversTheCodeInAFormToTheRegisteredOriginOnly() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        String email = accepted(app);
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            URI request = flow.request(app.clientId(), AppSignIn.CALLBACK, false).responseMode(AppSignIn.mode("form_post")).build().toURI();
            HtmlPage form = (HtmlPage) AppSignIn.signIn(browser, request, email);
            String csp = form.getWebResponse().getResponseHeaderValue("Content-Security-Policy");
            assertTrue(csp.contains("form-action 'self' https://app.contoso.test;"), csp);
            // what the browser posts when the person presses Continue
            org.htmlunit.html.HtmlForm post = form.getForms().get(0);
            assertEquals(AppSignIn.CALLBACK, post.getActionAttribute());
            assertEquals("post", post.getMethodAttribute());
            Map<String, String> posted = post.getElementsByTagName("input").stream().map(org.htmlunit.html.HtmlInput.class::cast)
                    .collect(Collectors.toMap(i -> i.getNameAttribute(), i -> i.getValueAttribute()));
            assertEquals(flow.state.getValue(), posted.get("state"));
            assertTrue(flow.exchange(posted.get("code"), app.clientId(), app.secret(), AppSignIn.CALLBACK, false).indicatesSuccess());
        }
    }

    @Test
    void someoneWithoutAnInvitationLearnsItAndTheApplicationGetsAccessDenied() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        try (Browser browser = new Browser("nl")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage noAccess = AppSignIn.signIn(browser, flow.request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI(),
                    "stranger-" + UUID.randomUUID() + "@outlook.com");
            assertEquals(403, noAccess.getWebResponse().getStatusCode());
            assertTrue(noAccess.asNormalizedText().contains("U hebt nog geen toegang"), noAccess.asNormalizedText());
            // browsers hold the form's redirect to the application to the page's form-action (Chromium blocks it otherwise)
            assertTrue(noAccess.getWebResponse().getResponseHeaderValue("Content-Security-Policy")
                    .contains("form-action 'self' https://app.contoso.test;"));
            Page back = AppSignIn.press(noAccess, "Terug naar Rules");
            Map<String, String> received = AppSignIn.received(back);
            assertEquals("access_denied", received.get("error"));
            assertEquals(flow.state.getValue(), received.get("state"));
            assertNull(received.get("code"));
        }
    }

    @Test
    void aBlockedGuestNeverGetsACode() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        String email = "blocked-" + UUID.randomUUID() + "@outlook.com";
        String userId = invitations.invite(email, "en-US").user().id.toString();
        applications.setEnabled(userId, false);
        try (Browser browser = new Browser("en")) {
            HtmlPage page = AppSignIn.signIn(browser, AppSignIn.start().request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI(), email);
            assertEquals(403, page.getWebResponse().getStatusCode());
            assertTrue(browser.visited().stream().noneMatch(u -> u.startsWith(AppSignIn.CALLBACK)), browser.visited().toString());
        }
    }

    // --- the token endpoint ---------------------------------------------------------------------------------------------

    @Test
    void aCodeWorksOnceAndItsReplayRevokesWhatItGave() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        Code code = code(app, accepted(app), false);
        Response first = exchange(app, code.value(), null, true);
        first.then().statusCode(200).header("Cache-Control", "no-store").body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(3600)).body("scope", equalTo("openid profile email"));
        String accessToken = first.path("access_token");
        given().header("Authorization", "Bearer " + accessToken).get(USERINFO).then().statusCode(200);
        exchange(app, code.value(), null, true).then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().header("Authorization", "Bearer " + accessToken).get(USERINFO).then().statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_token"));
    }

    @Test
    void aCodeExpiresAfterSixtySeconds() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        Code code = code(app, accepted(app), false);
        clock.advance(Duration.ofSeconds(61));
        exchange(app, code.value(), null, true).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void clientAuthenticationIsCheckedBeforeTheCodeIsTouched() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        Applications.Registered other = applications.web("Other", AppSignIn.CALLBACK);
        Code code = code(app, accepted(app), false);
        given().auth().preemptive().basic(app.clientId(), "wrong").contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("grant_type", "authorization_code", "code", code.value(), "redirect_uri", AppSignIn.CALLBACK))
                .post(TOKEN).then().statusCode(401).body("error", equalTo("invalid_client"))
                .header("WWW-Authenticate", containsString("Basic"));
        // no secret at all from a web app
        given().contentType("application/x-www-form-urlencoded").formParams(Map.of("grant_type", "authorization_code", "code",
                code.value(), "redirect_uri", AppSignIn.CALLBACK, "client_id", app.clientId())).post(TOKEN)
                .then().statusCode(401).body("error", equalTo("invalid_client"));
        // the code is still good for its own client, in the body this time (client_secret_post)
        given().contentType("application/x-www-form-urlencoded").formParams(Map.of("grant_type", "authorization_code", "code",
                code.value(), "redirect_uri", AppSignIn.CALLBACK, "client_id", app.clientId(), "client_secret", app.secret()))
                .post(TOKEN).then().statusCode(200);
        // another client (with its own good secret) cannot use someone else's code
        Code stolen = code(app, accepted(app), false);
        exchange(other, stolen.value(), null, true).then().statusCode(400).body("error", equalTo("invalid_grant"));
        // both methods at once
        given().auth().preemptive().basic(app.clientId(), app.secret()).contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("grant_type", "authorization_code", "code", "x", "redirect_uri", AppSignIn.CALLBACK,
                        "client_secret", app.secret())).post(TOKEN).then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void pkceIsEnforcedBothWays() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        String email = accepted(app);
        Code withPkce = code(app, email, true);
        exchange(app, withPkce.value(), null, true).then().statusCode(400).body("error", equalTo("invalid_grant"));
        Code wrongVerifier = code(app, email, true);
        exchange(app, wrongVerifier.value(), "A".repeat(43), true).then().statusCode(400).body("error", equalTo("invalid_grant"));
        Code rightVerifier = code(app, email, true);
        exchange(app, rightVerifier.value(), VERIFIER, true).then().statusCode(200);
        // a code issued without a challenge accepts no verifier (downgrade)
        Code withoutPkce = code(app, email, false);
        exchange(app, withoutPkce.value(), VERIFIER, true).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void aDeletedApplicationOrARemovedSecretCannotExchange() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        Code code = code(app, accepted(app), false);
        applications.removeSecrets(app);
        exchange(app, code.value(), null, true).then().statusCode(401).body("error", equalTo("invalid_client"));
        applications.delete(app);
        exchange(app, code.value(), null, true).then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void aGuestBlockedAfterSignInGetsNoTokens() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        String email = "late-block-" + UUID.randomUUID() + "@outlook.com";
        String userId = invitations.invite(email, "en-US").user().id.toString();
        Code code = codeAfterConsent(app, email);
        applications.setEnabled(userId, false);
        exchange(app, code.value(), null, true).then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void twoConcurrentExchangesOfOneCodeHaveExactlyOneWinner() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        String email = accepted(app);
        for (int round = 0; round < 3; round++) {
            Code code = code(app, email, false);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Integer>> tries = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    tries.add(() -> exchange(app, code.value(), null, true).statusCode());
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> status : pool.invokeAll(tries)) {
                    statuses.add(status.get());
                }
                assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
                assertEquals(3, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void tokenErrorsFollowRfc6749() {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        given().contentType("application/x-www-form-urlencoded").formParams(Map.of("grant_type", "password", "username", "a"))
                .post(TOKEN).then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
        given().contentType("application/x-www-form-urlencoded").formParams(Map.of("code", "x")).post(TOKEN)
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        given().auth().preemptive().basic(UUID.randomUUID().toString(), "x").contentType("application/x-www-form-urlencoded")
                .formParams(Map.of("grant_type", "authorization_code", "code", "x", "redirect_uri", AppSignIn.CALLBACK))
                .post(TOKEN).then().statusCode(401).body("error", equalTo("invalid_client"));
        exchange(app, "not-a-code", null, true).then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().contentType("application/x-www-form-urlencoded").body("grant_type=authorization_code&grant_type=authorization_code")
                .post(TOKEN).then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void aRequestWithoutNonceGetsAnIdTokenWithoutOneAndACodeReusedAfterThirtySecondsFails() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        String email = accepted(app);
        try (Browser browser = new Browser("en")) {
            String request = AppSignIn.AUTHORIZE + "?client_id=" + app.clientId() + "&redirect_uri=" + enc(AppSignIn.CALLBACK)
                    + "&response_type=code&scope=openid&state=no-nonce";
            String code = AppSignIn.received(AppSignIn.signIn(browser, URI.create(request), email)).get("code");
            String idToken = exchange(app, code, null, true).then().statusCode(200).extract().path("id_token");
            String payload = new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), StandardCharsets.UTF_8);
            assertFalse(payload.contains("\"nonce\""), payload);
            assertFalse(payload.contains("\"email\""), "no email scope, no email claim: " + payload);
            clock.advance(Duration.ofSeconds(30));
            exchange(app, code, null, true).then().statusCode(400).body("error", equalTo("invalid_grant"));
        }
    }

    @Test
    void hostileParameterValuesAreEchoedEncodedNeverInterpreted() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        String hostile = "\"><script>alert(1)</script>\r\nSet-Cookie: x=1 ü";
        Response refused = authorize(Map.of("client_id", app.clientId(), "redirect_uri", AppSignIn.CALLBACK, "response_type", "token",
                "scope", "openid", "state", hostile));
        String location = refused.header("Location");
        assertFalse(location.contains("<") || location.contains("\r") || location.contains("\n") || location.contains(" "), location);
        assertEquals(hostile, java.net.URLDecoder.decode(location.substring(location.indexOf("state=") + 6), StandardCharsets.UTF_8));
        assertNull(refused.header("Set-Cookie"));
        // in a form_post page the value is an attribute, escaped
        Response page = authorize(Map.of("client_id", app.clientId(), "redirect_uri", AppSignIn.CALLBACK, "response_type", "token",
                "scope", "openid", "state", hostile, "response_mode", "form_post"));
        page.then().statusCode(200).body(org.hamcrest.Matchers.not(containsString("<script>")));
        // an over-long value (by POST: a URL that long is refused before Guestpass sees it) is invalid_request
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded").formParams(Map.of("client_id", app.clientId(),
                "redirect_uri", AppSignIn.CALLBACK, "response_type", "code", "scope", "openid", "state", "x".repeat(5000)))
                .post(AUTHORIZE).then().statusCode(303).header("Location", containsString("error=invalid_request"));
    }

    @Test
    void anApiGetsAnAccessTokenForItsOwnScopesOnly() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        Applications.Registered api = applications.api("Orders API", "api://orders", "Orders.Read", "Orders.Write");
        String email = accepted(app);
        try (Browser browser = new Browser("en")) {
            String request = AppSignIn.AUTHORIZE + "?client_id=" + app.clientId() + "&redirect_uri=" + enc(AppSignIn.CALLBACK)
                    + "&response_type=code&scope=" + enc("openid api://orders/Orders.Read") + "&state=api";
            String code = AppSignIn.received(AppSignIn.signIn(browser, URI.create(request), email)).get("code");
            Response tokens = exchange(app, code, null, true);
            tokens.then().statusCode(200).body("scope", equalTo("openid api://orders/Orders.Read"));
            String payload = new String(Base64.getUrlDecoder().decode(tokens.<String>path("access_token").split("\\.")[1]), StandardCharsets.UTF_8);
            assertTrue(payload.contains("\"aud\":\"" + api.clientId() + "\""), payload);
            assertTrue(payload.contains("\"scp\":\"Orders.Read\""), payload);
            assertTrue(payload.contains("\"azp\":\"" + app.clientId() + "\""), payload);
            // a token for the API is not one for userinfo
            given().header("Authorization", "Bearer " + tokens.path("access_token")).get(USERINFO).then().statusCode(401);
        }
        Map<String, String> base = Map.of("client_id", app.clientId(), "redirect_uri", AppSignIn.CALLBACK, "response_type", "code",
                "state", "s");
        assertError(authorize(with(base, "scope", "openid api://orders/Orders.Delete")), "invalid_scope", "s");
        assertError(authorize(with(base, "scope", "api://orders/Orders.Read api://other/Read")), "invalid_scope", "s");
        authorize(with(base, "scope", "openid offline_access api://orders/.default")).then().statusCode(200);
    }

    @Test
    void frameworkFailuresOnTheTokenEndpointStillAnswerInOAuthShape() {
        given().contentType("application/json").body("{\"grant_type\":\"authorization_code\"}").post(TOKEN)
                .then().statusCode(415).body("error", equalTo("invalid_request")).body("error_description", containsString("x-www-form-urlencoded"));
        given().get(TOKEN).then().statusCode(405).body("error", equalTo("invalid_request"));
        given().contentType("application/x-www-form-urlencoded").body("grant_type=" + "a".repeat(70_000)).post(TOKEN)
                .then().statusCode(413).body("error", equalTo("invalid_request"));
    }

    // --- userinfo -----------------------------------------------------------------------------------------------------

    @Test
    void userinfoTakesTheTokenInTheHeaderOrThePostBodyAndRefusesForgeries() throws Exception {
        Applications.Registered app = applications.web("Rules", AppSignIn.CALLBACK);
        Code code = code(app, accepted(app), false);
        String token = exchange(app, code.value(), null, true).path("access_token");
        String sub = given().header("Authorization", "Bearer " + token).get(USERINFO).then().statusCode(200).extract().path("sub");
        given().header("Authorization", "Bearer " + token).contentType("application/x-www-form-urlencoded").post(USERINFO)
                .then().statusCode(200).body("sub", equalTo(sub));
        given().contentType("application/x-www-form-urlencoded").formParam("access_token", token).post(USERINFO)
                .then().statusCode(200).body("sub", equalTo(sub));
        given().get(USERINFO).then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        String[] parts = token.split("\\.");
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        given().header("Authorization", "Bearer " + unsigned).get(USERINFO).then().statusCode(401);
        String otherKid = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"RS256\",\"kid\":\"unknown\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2];
        given().header("Authorization", "Bearer " + otherKid).get(USERINFO).then().statusCode(401);
        given().header("Authorization", "Bearer " + token).get("/common/openid/v2.0/userinfo").then().statusCode(400);
    }

    // --- helpers ------------------------------------------------------------------------------------------------------

    record Code(String value) {
    }

    /** An invited person who has accepted through this application's sign-in; answers their address. */
    private String accepted(Applications.Registered app) throws Exception {
        String email = "guest-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        codeAfterConsent(app, email);
        return email;
    }

    private Code codeAfterConsent(Applications.Registered app, String email) throws Exception {
        try (Browser browser = new Browser("en")) {
            HtmlPage consent = AppSignIn.signIn(browser, AppSignIn.start().request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI(), email);
            return new Code(AppSignIn.received(AppSignIn.press(consent, "Accept and continue")).get("code"));
        }
    }

    /** A code for an accepted guest; with PKCE the challenge of {@link #VERIFIER}. */
    private Code code(Applications.Registered app, String email, boolean pkce) throws Exception {
        try (Browser browser = new Browser("en")) {
            String request = AUTHORIZE_URL(app) + (pkce ? "&code_challenge=" + CHALLENGE + "&code_challenge_method=S256" : "");
            Page atApp = AppSignIn.signIn(browser, URI.create(request), email);
            String code = AppSignIn.received(atApp).get("code");
            assertTrue(code != null, atApp.getUrl().toString());
            return new Code(code);
        }
    }

    private static String AUTHORIZE_URL(Applications.Registered app) {
        return AppSignIn.AUTHORIZE + "?client_id=" + app.clientId() + "&redirect_uri=" + enc(AppSignIn.CALLBACK)
                + "&response_type=code&scope=" + enc("openid profile email") + "&state=st&nonce=n";
    }

    private static Response exchange(Applications.Registered app, String code, String verifier, boolean basic) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", AppSignIn.CALLBACK));
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return given().auth().preemptive().basic(app.clientId(), String.valueOf(app.secret()))
                .contentType("application/x-www-form-urlencoded").formParams(form).post(TOKEN);
    }

    private static Response authorize(Map<String, String> params) {
        return given().urlEncodingEnabled(false).redirects().follow(false).get(AUTHORIZE + "?" + query(params));
    }

    private static void assertError(Response response, String error, String state) {
        assertEquals(303, response.statusCode(), response.body().asString());
        String location = response.header("Location");
        assertTrue(location.startsWith(Browser.APPLICATION_ORIGIN) || location.startsWith("http://127.0.0.1:"), location);
        assertTrue(location.contains("error=" + error), location);
        assertTrue(location.contains("state=" + state), location);
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(base);
        copy.put(name, value);
        return copy;
    }

    private static String query(Map<String, String> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
