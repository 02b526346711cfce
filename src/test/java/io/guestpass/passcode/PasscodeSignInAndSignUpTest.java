package io.guestpass.passcode;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import io.guestpass.directory.UserFlow.InputType;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.oidc.AppSignIn;
import io.guestpass.oidc.Applications;
import io.guestpass.oidc.SignUpRole;
import io.guestpass.signup.UserFlows;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static io.guestpass.passcode.PasscodeBrowser.newestCodeFor;
import static io.guestpass.passcode.PasscodeBrowser.typeAddress;
import static io.guestpass.passcode.PasscodeBrowser.typeCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The email passcode in the sign-up function's two journeys: signing up through a user flow that offers it, and signing
 * in to an application, where the pages never tell whether an address is known.
 */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class PasscodeSignInAndSignUpTest {

    @Inject
    Applications applications;

    Applications.Registered app;

    @BeforeEach
    void aPortalWhoseFlowOffersThePasscode() throws Exception {
        Directory.reset();
        GuestpassTestResources.smtp().purgeEmailFromAllMailboxes();
        UserFlows.signUpEnabled(true);
        app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        UserFlows.flow("PartnerSignUp", app.objectId(), UserFlows.required("city", "City", InputType.textBox));
        Directory.execute("update user_flow set identity_providers = '{MSASignup-OAUTH,EmailOtpSignup-OAUTH}'");
    }

    /** Sign-up with a code, to the application's code exchange: the ID token's claims. */
    private JWTClaimsSet signUp(String address) throws Exception {
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage providers = browser.client().getPage(new URL(flow.request(app.clientId(), AppSignIn.CALLBACK, false)
                    .customParameter("prompt", "create").build().toURI().toString()));
            HtmlPage addressPage = providers.getAnchorByHref("/signup/provider/passcode").click();
            assertTrue(addressPage.asNormalizedText().contains("Sign in with a code by email"), addressPage.asNormalizedText());
            HtmlPage codePage = typeAddress(addressPage, address);
            HtmlPage form = typeCode(codePage, newestCodeFor(address));
            assertTrue(form.asNormalizedText().contains("Tell Contoso about yourself"), form.asNormalizedText());
            assertTrue(form.asNormalizedText().contains("You are signing up as " + address.toLowerCase()), "the proven address");
            ((HtmlInput) form.getHtmlElementById("field-city")).setValue("Delft");
            return exchanged(flow, AppSignIn.press(form, "Sign up"));
        }
    }

    private JWTClaimsSet exchanged(AppSignIn flow, Page atApplication) throws Exception {
        Map<String, String> received = AppSignIn.received(atApplication);
        assertEquals(flow.state.getValue(), received.get("state"), atApplication.getUrl().toString());
        TokenResponse response = flow.exchange(received.get("code"), app.clientId(), app.secret(), AppSignIn.CALLBACK, false);
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toJSONObject().toString());
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken().getJWTClaimsSet();
    }

    /** The application's sign-in: its request, the passcode button, the address: the code page. */
    private HtmlPage signInCodePage(Browser browser, AppSignIn flow, String address) throws Exception {
        HtmlPage providers = browser.client().getPage(new URL(flow.request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI().toString()));
        return typeAddress(providers.getAnchorByHref("/signin/passcode").click(), address);
    }

    @Test
    void aNewPersonSignsUpWithACodeAndTheApplicationGetsItsCode() throws Exception {
        JWTClaimsSet id = signUp("Lin.Chen@Example.org");
        assertEquals("lin.chen@example.org", id.getStringClaim("email"));
        String userId = Directory.text("select id::text from guest_user where creation_type = 'SelfServiceSignUp'");
        assertEquals(userId, id.getStringClaim("oid"));
        assertEquals("lin.chen@example.org", Directory.text("select mail from guest_user where id = ?::uuid", userId));
        assertEquals("lin.chen@example.org", Directory.text("select issuer_assigned_id from sign_in_identity where user_id = ?::uuid "
                + "and issuer = 'mail'", userId));
    }

    @Test
    void aGuestWithAPasscodeIdentitySignsInToTheApplicationWithACode() throws Exception {
        signUp("lin@example.org");
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage codePage = signInCodePage(browser, flow, "LIN@example.org");
            assertTrue(codePage.asNormalizedText().contains("We sent a code to LIN@example.org"), codePage.asNormalizedText());
            JWTClaimsSet id = exchanged(flow, typeCode(codePage, newestCodeFor("lin@example.org")));
            assertEquals("lin@example.org", id.getStringClaim("email"));
        }
        assertEquals(1, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void anUnknownAddressSeesTheSamePagesAsAKnownOneButNoMailIsSent() throws Exception {
        signUp("known@example.org");
        GuestpassTestResources.smtp().purgeEmailFromAllMailboxes();
        try (Browser known = new Browser("en"); Browser unknown = new Browser("en")) {
            HtmlPage knownPage = signInCodePage(known, AppSignIn.start(), "known@example.org");
            HtmlPage unknownPage = signInCodePage(unknown, AppSignIn.start(), "nobody@example.org");
            assertEquals(knownPage.getWebResponse().getStatusCode(), unknownPage.getWebResponse().getStatusCode());
            assertEquals(knownPage.getUrl(), unknownPage.getUrl());
            assertEquals(knownPage.asNormalizedText().replace("known@", "nobody@"), unknownPage.asNormalizedText());
            HtmlPage knownWrong = typeCode(knownPage, "00000000");
            HtmlPage unknownWrong = typeCode(unknownPage, "00000000");
            assertEquals(knownWrong.getWebResponse().getStatusCode(), unknownWrong.getWebResponse().getStatusCode());
            assertEquals(knownWrong.asNormalizedText().replace("known@", "nobody@"), unknownWrong.asNormalizedText());
        }
        PasscodeBrowser.workerSendsMail();
        assertEquals(1, PasscodeBrowser.mailsTo("known@example.org").size());
        assertTrue(PasscodeBrowser.mailsTo("nobody@example.org").isEmpty(), "no mail to an address nobody knows");
        assertEquals(2, Directory.count("select count(*) from passcode_challenge where journey = 'signin'"), "both have a challenge");
    }

    /** 20 codes per source address in 15 minutes, whichever addresses they go to (any instance: the count is in the database). */
    @Test
    void codesFromOneSourceAddressAreThrottledWhateverAddressTheyGoTo() throws Exception {
        try (Browser browser = new Browser("en")) {
            for (int sent = 1; sent <= 20; sent++) {
                HtmlPage codePage = signInCodePage(browser, AppSignIn.start(), "person-" + sent + "@example.org");
                assertEquals(200, codePage.getWebResponse().getStatusCode(), codePage.asNormalizedText());
            }
            HtmlPage throttled = signInCodePage(browser, AppSignIn.start(), "person-21@example.org");
            assertEquals(429, throttled.getWebResponse().getStatusCode());
            assertTrue(throttled.asNormalizedText().contains("Too many codes asked for"), throttled.asNormalizedText());
            assertTrue(Integer.parseInt(throttled.getWebResponse().getResponseHeaderValue("Retry-After")) > 0);
        }
        assertEquals(20, Directory.count("select count(*) from passcode_challenge"), "no challenge for the 21st");
    }

    @Test
    void aDisabledPasscodeProviderIsNotOfferedInTheSignUpFlow() throws Exception {
        Directory.execute("insert into identity_provider_state (id, enabled, changed_at) values ('EmailOtpSignup-OAUTH', false, now())");
        try (Browser browser = new Browser("en")) {
            HtmlPage providers = browser.client().getPage(new URL(AppSignIn.start().request(app.clientId(), AppSignIn.CALLBACK, false)
                    .customParameter("prompt", "create").build().toURI().toString()));
            assertTrue(providers.getWebResponse().getContentAsString().contains("href=\"/signup/provider/msa\""));
            assertFalse(providers.getWebResponse().getContentAsString().contains("/signup/provider/passcode"), providers.asNormalizedText());
            HtmlPage direct = browser.client().getPage(GuestpassTestResources.PUBLIC_BASE_URL + "/signup/provider/passcode");
            assertEquals(403, direct.getWebResponse().getStatusCode());
            assertTrue(direct.asNormalizedText().contains("isn't available here"), direct.asNormalizedText());
        }
        assertEquals(0, Directory.count("select count(*) from passcode_challenge"));
    }
}
