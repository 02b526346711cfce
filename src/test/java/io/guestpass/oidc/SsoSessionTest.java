package io.guestpass.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.directory.GuestUser;
import io.guestpass.federation.SsoSessions;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.TestClock;
import io.guestpass.redeem.Invitations;
import io.guestpass.worker.Housekeeping;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.htmlunit.Page;
import org.htmlunit.WebResponse;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.Cookie;
import org.htmlunit.util.NameValuePair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guestpass's single sign-on session, with real parts (HtmlUnit, the Microsoft stand-in, the Nimbus SDK as the
 * application): the OpenID Foundation's "prompt=none logged in" and "RP-initiated logout" scenarios re-created, and what
 * ends a session or forces a new Microsoft sign-in.
 */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class SsoSessionTest {

    static final String LOGOUT = AppSignIn.BASE + "/oauth2/v2.0/logout";

    @Inject
    Applications applications;

    @Inject
    Invitations invitations;

    @Inject
    TestClock clock;

    @Inject
    Housekeeping housekeeping;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** A guest who signed in to {@code app} once in this browser (accepting inline): the ID token of that sign-in. */
    private JWTClaimsSet signedIn(Browser browser, Applications.Registered app, String email) throws Exception {
        AppSignIn flow = AppSignIn.start();
        HtmlPage consent = AppSignIn.signIn(browser, flow.request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI(), email);
        Map<String, String> received = AppSignIn.received(AppSignIn.press(consent, "Accept and continue"));
        return idToken(flow, app, received);
    }

    private static JWTClaimsSet idToken(AppSignIn flow, Applications.Registered app, Map<String, String> received) throws Exception {
        return AuthorizationCodeFlowTest.verified(com.nimbusds.jwt.JWTParser.parse(rawIdToken(flow, app, received)), app.clientId(), flow);
    }

    private static String rawIdToken(AppSignIn flow, Applications.Registered app, Map<String, String> received) throws Exception {
        assertEquals(flow.state.getValue(), received.get("state"), received.toString());
        TokenResponse response = flow.exchange(received.get("code"), app.clientId(), app.secret(), AppSignIn.CALLBACK, false);
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toJSONObject().toString());
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDTokenString();
    }

    /** The application sends the browser to authorize with these extras; what the application then receives. */
    private static Map<String, String> silently(Browser browser, AppSignIn flow, Applications.Registered app, String prompt, Integer maxAge)
            throws Exception {
        return AppSignIn.received(browser.client().getPage(request(flow, app, prompt, maxAge).toURL()));
    }

    private static URI request(AppSignIn flow, Applications.Registered app, String prompt, Integer maxAge) {
        var builder = flow.request(app.clientId(), AppSignIn.CALLBACK, false);
        if (prompt != null) {
            builder.prompt(new com.nimbusds.openid.connect.sdk.Prompt(prompt));
        }
        if (maxAge != null) {
            builder.maxAge(maxAge);
        }
        return builder.build().toURI();
    }

    /** How often this browser was sent to Microsoft's (the stand-in's) authorization endpoint. */
    private static long microsoftPrompts(Browser browser) {
        return browser.visited().stream()
                .filter(url -> !url.startsWith(GuestpassTestResources.PUBLIC_BASE_URL) && url.contains("/authorize")).count();
    }

    private static String userId(String email) {
        return Directory.text("select id::text from guest_user where mail = ?", email);
    }

    @Test
    void promptNoneWithASessionReturnsACodeSilentlyWithTheSessionsAuthTimeAndSid() throws Exception {
        Applications.Registered portal = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        Applications.Registered wiki = applications.web("Contoso Wiki", AppSignIn.CALLBACK);
        String email = "sso-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        try (Browser browser = new Browser("en")) {
            JWTClaimsSet first = signedIn(browser, portal, email);
            assertEquals(1, microsoftPrompts(browser));
            assertNotNull(first.getStringClaim("sid"), "the ID token names its session");

            clock.advance(Duration.ofSeconds(30));
            AppSignIn silent = AppSignIn.start();
            JWTClaimsSet second = idToken(silent, wiki, silently(browser, silent, wiki, "none", null));
            AppSignIn plain = AppSignIn.start();
            JWTClaimsSet third = idToken(plain, portal, silently(browser, plain, portal, null, null));

            assertEquals(1, microsoftPrompts(browser), "no page, no Microsoft: the session signed the guest in");
            assertEquals(first.getLongClaim("auth_time"), second.getLongClaim("auth_time"), "auth_time is the session's");
            assertEquals(first.getStringClaim("sid"), second.getStringClaim("sid"));
            assertEquals(first.getStringClaim("oid"), third.getStringClaim("oid"));
            assertEquals("{" + portal.clientId() + "," + wiki.clientId() + "}",
                    Directory.text("select client_ids::text from sso_session where id = ?::uuid", first.getStringClaim("sid")));
            assertFalse(first.getStringClaim("sid").equals(browser.client().getCookieManager().getCookie(SsoSessions.COOKIE).getValue()));
        }
    }

    @Test
    void promptNoneWithoutASessionIsLoginRequiredAtTheRedirectUri() throws Exception {
        Applications.Registered app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            Map<String, String> received = silently(browser, flow, app, "none", null);
            assertEquals("login_required", received.get("error"));
            assertEquals(flow.state.getValue(), received.get("state"));
            assertEquals(0, microsoftPrompts(browser));
        }
    }

    @Test
    void maxAgeZeroAndPromptLoginSendThePersonToMicrosoftAgainAndSelectAccountToThePicker() throws Exception {
        Applications.Registered app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        String email = "fresh-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        try (Browser browser = new Browser("en")) {
            JWTClaimsSet first = signedIn(browser, app, email);
            for (String prompt : new String[] {"login", null, "select_account"}) {
                AppSignIn flow = AppSignIn.start();
                HtmlPage providers = browser.client().getPage(request(flow, app, prompt, prompt == null ? 0 : null).toURL());
                assertTrue(providers.asNormalizedText().contains("Sign in to Contoso Portal"), prompt + ": " + providers.asNormalizedText());
                clock.advance(Duration.ofSeconds(2));
                GuestpassTestResources.microsoft().signInNextAs(LocalMicrosoftAccount.Account.of(email));
                Page atApp = providers.getAnchorByText("Sign in with Microsoft account").click();
                JWTClaimsSet again = idToken(flow, app, AppSignIn.received(atApp));
                assertTrue(again.getLongClaim("auth_time") > first.getLongClaim("auth_time"), "a new sign-in, a new auth_time");
                assertTrue(browser.visited().stream().anyMatch(url -> url.contains("/authorize") && url.contains("prompt=")));
            }
            assertEquals(4, microsoftPrompts(browser));
            // prompt=none cannot satisfy max_age=0 without asking: login_required
            AppSignIn flow = AppSignIn.start();
            assertEquals("login_required", silently(browser, flow, app, "none", 0).get("error"));
        }
    }

    @Test
    void aSessionEndsWithTheGuestsAccountRevocationAndLifetime() throws Exception {
        Applications.Registered app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        String email = "ends-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        try (Browser browser = new Browser("en")) {
            signedIn(browser, app, email);
            String userId = userId(email);
            applications.setEnabled(userId, false);
            assertEquals("login_required", silently(browser, AppSignIn.start(), app, "none", null).get("error"), "a blocked guest");
            applications.setEnabled(userId, true);
            assertNull(silently(browser, AppSignIn.start(), app, "none", null).get("error"), "unblocked, the session stands");

            clock.advance(Duration.ofHours(24));
            assertEquals("login_required", silently(browser, AppSignIn.start(), app, "none", null).get("error"), "expired");
        }
        clock.reset();
        try (Browser browser = new Browser("en")) {
            GuestpassTestResources.microsoft().signInNextAs(LocalMicrosoftAccount.Account.of(email));
            AppSignIn flow = AppSignIn.start();
            HtmlPage providers = browser.client().getPage(request(flow, app, null, null).toURL());
            idToken(flow, app, AppSignIn.received(providers.getAnchorByText("Sign in with Microsoft account").click()));
            clock.advance(Duration.ofSeconds(1));
            await(() -> Panache.withTransaction(() -> GuestUser.<GuestUser>findById(UUID.fromString(userId(email)))
                    .invoke(guest -> guest.revokeSignInSessions(clock.instant())).replaceWithVoid()));
            assertEquals("login_required", silently(browser, AppSignIn.start(), app, "none", null).get("error"), "revoked");
        }
    }

    @Test
    void aTamperedForeignOrUnknownCookieIsNoSession() throws Exception {
        Applications.Registered app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        String email = "tamper-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        String genuine;
        try (Browser browser = new Browser("en")) {
            signedIn(browser, app, email);
            genuine = browser.client().getCookieManager().getCookie(SsoSessions.COOKIE).getValue();
        }
        String flipped = genuine.substring(0, 10) + (genuine.charAt(10) == 'A' ? 'B' : 'A') + genuine.substring(11);
        // another purpose's sealed value (the sign-in journey's cookie is sealed with the same key) and plain garbage
        for (String cookie : new String[] {flipped, "garbage", "", "x".repeat(5000), sealedForAnotherPurpose(app)}) {
            AppSignIn flow = AppSignIn.start();
            io.restassured.response.Response answer = given().urlEncodingEnabled(false).redirects().follow(false).cookie(SsoSessions.COOKIE, cookie)
                    .get(AppSignIn.local(request(flow, app, null, null)));
            assertEquals(200, answer.statusCode(), "the provider page, a fresh sign-in: " + cookie.length() + " " + answer.body().asString());
            assertTrue(answer.body().asString().contains("Sign in with Microsoft account"));
            answer = given().urlEncodingEnabled(false).redirects().follow(false).cookie(SsoSessions.COOKIE, cookie).get(AppSignIn.local(request(flow, app, "none", null)));
            assertEquals(303, answer.statusCode());
            assertTrue(answer.header("Location").contains("error=login_required"), answer.header("Location"));
        }
        // the genuine cookie works, and only with its session's secret
        io.restassured.response.Response ok = given().urlEncodingEnabled(false).redirects().follow(false).cookie(SsoSessions.COOKIE, genuine)
                .get(AppSignIn.local(request(AppSignIn.start(), app, "none", null)));
        assertTrue(ok.header("Location").contains("code="), ok.header("Location"));
        Directory.execute("update sso_session set secret_hash = sha256('another secret'::bytea)");
        ok = given().urlEncodingEnabled(false).redirects().follow(false).cookie(SsoSessions.COOKIE, genuine).get(AppSignIn.local(request(AppSignIn.start(), app, "none", null)));
        assertTrue(ok.header("Location").contains("error=login_required"), ok.header("Location"));
    }

    private static String sealedForAnotherPurpose(Applications.Registered app) {
        io.restassured.response.Response start = given().urlEncodingEnabled(false).redirects().follow(false)
                .get(AppSignIn.local(request(AppSignIn.start(), app, null, null)));
        return start.cookie(SignInPages.COOKIE);
    }

    @Test
    void theSessionCookieIsHostOnlySecureHttpOnlyLaxAndLivesAsLongAsTheSession() throws Exception {
        Applications.Registered app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        String email = "cookie-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage consent = AppSignIn.signIn(browser, flow.request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI(), email);
            browser.client().getOptions().setRedirectEnabled(false);
            WebResponse accepted = AppSignIn.press(consent, "Accept and continue").getWebResponse();
            assertEquals(303, accepted.getStatusCode());
            List<String> cookies = accepted.getResponseHeaders().stream().filter(h -> h.getName().equalsIgnoreCase("Set-Cookie"))
                    .map(NameValuePair::getValue).filter(v -> v.startsWith(SsoSessions.COOKIE + "=")).toList();
            assertEquals(1, cookies.size(), accepted.getResponseHeaders().toString());
            String header = cookies.get(0);
            assertTrue(header.contains("Path=/;") || header.endsWith("Path=/"), header);
            assertTrue(header.contains("Secure") && header.contains("HttpOnly") && header.contains("SameSite=Lax"), header);
            assertFalse(header.toLowerCase().contains("domain="), header);
            assertTrue(header.contains("Max-Age=86400") || header.contains("Max-Age=86399"), header);
            Cookie kept = browser.client().getCookieManager().getCookie(SsoSessions.COOKIE);
            assertNotNull(kept);
        }
    }

    @Test
    void rpInitiatedLogoutEndsTheSessionTellsTheAppsAndReturnsWithState() throws Exception {
        Applications.Registered portal = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        Applications.Registered wiki = applications.web("Contoso Wiki", AppSignIn.CALLBACK);
        Directory.execute("update application set web_logout_url = ? where app_id = ?::uuid",
                Browser.APPLICATION_ORIGIN + "/signout?from=guestpass", portal.clientId());
        String email = "logout-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        try (Browser browser = new Browser("en")) {
            JWTClaimsSet id = signedIn(browser, portal, email);
            AppSignIn flow = AppSignIn.start();
            String hint = rawIdToken(flow, wiki, silently(browser, flow, wiki, null, null));
            String sid = id.getStringClaim("sid");

            HtmlPage signedOut = browser.client().getPage(LOGOUT + "?id_token_hint=" + hint + "&post_logout_redirect_uri="
                    + URLEncoder.encode(AppSignIn.CALLBACK, StandardCharsets.UTF_8) + "&state=bye%20now");
            assertEquals(200, signedOut.getWebResponse().getStatusCode());
            assertTrue(signedOut.asNormalizedText().contains("You're signed out"), signedOut.asNormalizedText());
            String frame = Browser.APPLICATION_ORIGIN + "/signout?from=guestpass&iss="
                    + URLEncoder.encode(AppSignIn.ISSUER, StandardCharsets.UTF_8) + "&sid=" + sid;
            assertTrue(browser.visited().contains(frame), "the portal's front-channel logout URL was loaded: " + browser.visited());
            String csp = signedOut.getWebResponse().getResponseHeaderValue("Content-Security-Policy");
            assertTrue(csp.contains("frame-src " + Browser.APPLICATION_ORIGIN + ";"), csp);
            assertTrue(csp.contains("frame-ancestors 'none'"), csp);
            Page back = signedOut.getAnchorByText("Return to the application").click();
            assertEquals(AppSignIn.CALLBACK + "?state=bye+now", back.getUrl().toString());

            assertNotNull(Directory.text("select revoked_at::text from sso_session where id = ?::uuid", sid), "the row is revoked");
            assertEquals("login_required", silently(browser, AppSignIn.start(), portal, "none", null).get("error"));
        }
    }

    @Test
    void logoutWithoutFramesRedirectsAtOnceAndRefusesUnregisteredOrUnprovenReturnAddresses() throws Exception {
        Applications.Registered app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        Applications.Registered other = applications.web("Elsewhere", "https://elsewhere.contoso.test/cb");
        String email = "out-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        try (Browser browser = new Browser("en")) {
            signedIn(browser, app, email);
            String session = browser.client().getCookieManager().getCookie(SsoSessions.COOKIE).getValue();
            String base = AppSignIn.local(URI.create(LOGOUT)).toString();
            // not registered for this client, another client's URI, a prefix, an unknown client, a forged hint: a page, never a redirect
            for (String query : new String[] {
                    "client_id=" + app.clientId() + "&post_logout_redirect_uri=" + enc("https://evil.example/cb"),
                    "client_id=" + app.clientId() + "&post_logout_redirect_uri=" + enc("https://elsewhere.contoso.test/cb"),
                    "client_id=" + app.clientId() + "&post_logout_redirect_uri=" + enc(AppSignIn.CALLBACK + "/more"),
                    "client_id=" + UUID.randomUUID() + "&post_logout_redirect_uri=" + enc(AppSignIn.CALLBACK),
                    "post_logout_redirect_uri=" + enc(AppSignIn.CALLBACK),
                    "id_token_hint=eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.&post_logout_redirect_uri=" + enc(AppSignIn.CALLBACK),
                    "client_id=" + other.clientId() + "&post_logout_redirect_uri=" + enc(AppSignIn.CALLBACK)}) {
                io.restassured.response.Response page = given().redirects().follow(false).cookie(SsoSessions.COOKIE, session)
                        .urlEncodingEnabled(false).get(base + "?" + query + "&state=s");
                assertEquals(400, page.statusCode(), query);
                assertNull(page.header("Location"), query);
                assertTrue(page.body().asString().contains("You&#39;re signed out") || page.body().asString().contains("You're signed out"), query);
            }
            // POST, client_id and a registered URI: straight back, state echoed, cookie cleared
            io.restassured.response.Response out = given().redirects().follow(false).cookie(SsoSessions.COOKIE, session)
                    .formParam("client_id", app.clientId()).formParam("post_logout_redirect_uri", AppSignIn.CALLBACK).formParam("state", "x y")
                    .post(base);
            assertEquals(303, out.statusCode());
            assertEquals(AppSignIn.CALLBACK + "?state=x+y", out.header("Location"));
            assertTrue(out.headers().getValues("Set-Cookie").stream().anyMatch(c -> c.startsWith(SsoSessions.COOKIE + "=;") && c.contains("Max-Age=0")),
                    out.headers().toString());
            // the Dutch page, without any parameter
            io.restassured.response.Response dutch = given().header("Accept-Language", "nl").get(base);
            assertEquals(200, dutch.statusCode());
            assertTrue(dutch.body().asString().contains("U bent afgemeld"), dutch.body().asString());
        }
    }

    @Test
    void theWorkerPurgesEndedSessionsAfterADay() throws Exception {
        Applications.Registered app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        String email = "purge-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        try (Browser browser = new Browser("en")) {
            signedIn(browser, app, email);
        }
        assertEquals(1, Directory.count("select count(*) from sso_session"));
        clock.advance(Duration.ofHours(24).plus(Duration.ofHours(23)));
        await(() -> housekeeping.purge().replaceWithVoid());
        assertEquals(1, Directory.count("select count(*) from sso_session"), "expired less than a day ago: kept");
        clock.advance(Duration.ofHours(2));
        await(() -> housekeeping.purge().replaceWithVoid());
        assertEquals(0, Directory.count("select count(*) from sso_session"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void await(java.util.function.Supplier<io.smallrye.mutiny.Uni<Void>> work) {
        try {
            VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
