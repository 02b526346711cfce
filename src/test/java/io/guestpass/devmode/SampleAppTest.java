package io.guestpass.devmode;

import io.guestpass.directory.UserFlow;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.graph.invitations.InvitationRequest;
import io.guestpass.graph.invitations.InvitationService;
import io.guestpass.platform.FunctionRole;
import io.guestpass.redeem.Invitations;
import io.guestpass.signup.UserFlows;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTable;
import org.htmlunit.html.HtmlTableRow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The development sample application, played by the artifact as the {@code local} role (one process, every public route),
 * as a newcomer uses it: HtmlUnit is the browser, the local Microsoft-account stand-in the identity provider, and the
 * sample talks to Guestpass's discovery, token and key endpoints like any client.
 */
@QuarkusTest
@TestProfile(SampleAppTest.LocalRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class SampleAppTest {

    /** Every public route in one process, as {@code ./mvnw quarkus:dev} runs. */
    public static class LocalRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("guestpass.function", "local");
        }
    }

    static final String SAMPLE = GuestpassTestResources.PUBLIC_BASE_URL + "/dev/sample";
    static final String ISSUER = GuestpassTestResources.PUBLIC_BASE_URL + "/00000000-0000-0000-0000-0000000007e5/v2.0";

    @Inject
    Invitations invitations;

    /** The README's walk-through: the invitation leads to the sample app, where the new guest signs in. */
    @Test
    void anInviteeRedeemsLandsOnTheSampleAppSignsInAndSeesTheVerifiedClaims() throws Exception {
        Directory.execute("update directory_policy set allowed_redirect_origins = ?::text[]",
                "{" + GuestpassTestResources.PUBLIC_BASE_URL + "}");
        String email = "sample-" + UUID.randomUUID() + "@outlook.com";
        InvitationService.Issued issued = invitations.invite(new InvitationRequest(email, SAMPLE, "Grace", false, null, null, null, null));
        try (Browser browser = new Browser("en")) {
            HtmlPage redeem = browser.client().getPage(issued.redeemUrl());
            GuestpassTestResources.microsoft().signInNextAs(LocalMicrosoftAccount.Account.of(email));
            HtmlPage consent = redeem.getAnchorByText("Sign in with Microsoft account").click();
            HtmlPage home = press(consent, "Accept");
            assertEquals(SAMPLE, home.getUrl().toString(), home.asNormalizedText());
            assertTrue(home.asNormalizedText().contains(SampleSignIn.CLIENT_ID), home.asNormalizedText());

            // redemption began Guestpass's own session: signing in to the app asks neither for a provider nor Microsoft again
            long microsoftPrompts = microsoftPrompts(browser);
            assertEquals(1, microsoftPrompts);
            HtmlPage signedIn = home.getAnchorByText("Sign in").click();
            assertEquals(microsoftPrompts, microsoftPrompts(browser), "no second Microsoft prompt: " + browser.visited());

            assertTrue(signedIn.getUrl().toString().startsWith(SAMPLE + "/callback?"), signedIn.getUrl().toString());
            assertEquals(200, signedIn.getWebResponse().getStatusCode(), signedIn.asNormalizedText());
            assertTrue(signedIn.getElementById("outcome").asNormalizedText().startsWith("Signed in as "), signedIn.asNormalizedText());
            Map<String, String> claims = claims(signedIn);
            assertEquals(email, claims.get("email"));
            assertEquals(SampleSignIn.CLIENT_ID, claims.get("aud"));
            assertEquals(ISSUER, claims.get("iss"));
            assertEquals("live.com", claims.get("idp"));
            assertEquals(issued.user().id.toString(), claims.get("oid"));
            assertTrue(claims.containsKey("nonce") && claims.containsKey("sub"), claims.toString());
            // the sign-in is finished: its state cannot be used a second time
            assertFalse(browser.client().getCookieManager().getCookies().stream()
                    .anyMatch(c -> c.getName().equals(SampleAppResource.COOKIE) && !c.getValue().isEmpty()));
        }
    }

    /** The README's sign-up walk-through: the sample's Sign up button (prompt=create) runs the flow it is linked to. */
    @Test
    void aNewcomerSignsUpFromTheSampleAppThroughItsUserFlowAndComesBackSignedIn() throws Exception {
        String sample = Directory.text("select id::text from application where app_id = ?::uuid", SampleSignIn.CLIENT_ID);
        Directory.execute("delete from user_flow_application where application_id = ?::uuid", sample);
        UserFlows.signUpEnabled(true);
        UserFlows.flow("SampleSignUp" + UUID.randomUUID().toString().substring(0, 8), UUID.fromString(sample),
                UserFlows.required("city", "City", UserFlow.InputType.textBox));
        String email = "sign-up-" + UUID.randomUUID() + "@outlook.com";
        try (Browser browser = new Browser("en")) {
            HtmlPage providers = ((HtmlPage) browser.client().getPage(SAMPLE)).getAnchorByText("Sign up").click();
            assertTrue(browser.visited().stream().anyMatch(url -> url.contains("/oauth2/v2.0/authorize?") && url.contains("prompt=create")),
                    browser.visited().toString());
            assertTrue(providers.asNormalizedText().contains("Sign up for " + SampleSignIn.DISPLAY_NAME), providers.asNormalizedText());
            GuestpassTestResources.microsoft().signInNextAs(LocalMicrosoftAccount.Account.of(email));
            HtmlPage form = providers.getAnchorByText("Sign in with Microsoft account").click();
            ((HtmlInput) form.getHtmlElementById("field-city")).setValue("Rotterdam");
            HtmlPage signedIn = press(form, "Sign up");

            assertTrue(signedIn.getUrl().toString().startsWith(SAMPLE + "/callback?"), signedIn.getUrl().toString());
            assertTrue(signedIn.getElementById("outcome").asNormalizedText().startsWith("Signed in as "), signedIn.asNormalizedText());
            assertEquals(email, claims(signedIn).get("email"));
            assertEquals("Rotterdam", Directory.text("select attributes->>'city' from guest_user where mail = ?", email));
            assertEquals("SelfServiceSignUp", Directory.text("select creation_type from guest_user where mail = ?", email));
        } finally {
            // the other tests need the sample without a flow: an unknown person signing in is refused, not signed up
            Directory.execute("delete from user_flow_application where application_id = ?::uuid", sample);
            UserFlows.signUpEnabled(false);
        }
    }

    @Test
    void someoneWithoutAnInvitationGoesBackAndTheSampleShowsAccessDenied() throws Exception {
        try (Browser browser = new Browser("en")) {
            HtmlPage providers = ((HtmlPage) browser.client().getPage(SAMPLE)).getAnchorByText("Sign in").click();
            GuestpassTestResources.microsoft().signInNextAs(LocalMicrosoftAccount.Account.of("stranger-" + UUID.randomUUID() + "@outlook.com"));
            HtmlPage noAccess = providers.getAnchorByText("Sign in with Microsoft account").click();
            assertEquals(403, noAccess.getWebResponse().getStatusCode());

            HtmlPage refused = press(noAccess, "Back to Guestpass sample app");
            assertTrue(refused.getUrl().toString().startsWith(SAMPLE + "/callback?"), refused.getUrl().toString());
            assertEquals("Not signed in", refused.getElementById("outcome").asNormalizedText());
            assertEquals("error=access_denied", refused.getElementById("error").asNormalizedText());
            assertTrue(refused.asNormalizedText().contains("only invited guests"), refused.asNormalizedText());
        }
    }

    @Test
    void anAnswerWithAnotherStateOrWithoutASignInInProgressIsRefused() throws Exception {
        try (Browser browser = new Browser("en")) {
            HtmlPage nothingStarted = browser.client().getPage(SAMPLE + "/callback?code=anything&state=anything");
            assertEquals(400, nothingStarted.getWebResponse().getStatusCode());
            assertEquals("No sign-in to finish", nothingStarted.getElementById("outcome").asNormalizedText());

            // a sign-in is in progress in this browser; an answer to someone else's request arrives (login CSRF)
            browser.client().getOptions().setRedirectEnabled(false);
            assertEquals(303, browser.client().getPage(SAMPLE + "/signin").getWebResponse().getStatusCode());
            browser.client().getOptions().setRedirectEnabled(true);
            HtmlPage forged = browser.client().getPage(SAMPLE + "/callback?error=access_denied&state=" + UUID.randomUUID());
            assertEquals(400, forged.getWebResponse().getStatusCode());
            assertEquals("Sign-in refused: the state does not match", forged.getElementById("outcome").asNormalizedText());
            assertTrue(forged.getElementById("error") == null, "a forged error is not shown as Guestpass's answer");
        }
    }

    @Test
    void theSampleAndThePrivacyPlaceholderExistOnlyForTheLocalRole() throws Exception {
        try (Browser browser = new Browser("en")) {
            HtmlPage privacy = browser.client().getPage(GuestpassTestResources.PUBLIC_BASE_URL + "/dev/privacy");
            assertEquals(200, privacy.getWebResponse().getStatusCode());
            assertTrue(privacy.asNormalizedText().contains("development placeholder"), privacy.asNormalizedText());
        }
        for (FunctionRole deployed : Arrays.stream(FunctionRole.values()).filter(r -> r != FunctionRole.local).toList()) {
            assertFalse(deployed.owns("/dev/sample") || deployed.owns("/dev/sample/callback") || deployed.owns("/dev/privacy"),
                    deployed + " must not serve development pages");
        }
    }

    /** How often the browser was sent to Microsoft's (the stand-in's) authorization endpoint. */
    private static long microsoftPrompts(Browser browser) {
        return browser.visited().stream()
                .filter(url -> !url.startsWith(GuestpassTestResources.PUBLIC_BASE_URL) && url.contains("/authorize")).count();
    }

    /** The form button whose label starts with {@code label}. */
    private static HtmlPage press(HtmlPage page, String label) throws IOException {
        for (HtmlForm form : page.getForms()) {
            for (HtmlButton button : form.getElementsByTagName("button").stream().map(HtmlButton.class::cast).toList()) {
                if (button.asNormalizedText().startsWith(label)) {
                    return button.click();
                }
            }
        }
        throw new AssertionError("no button '" + label + "' on " + page.asNormalizedText());
    }

    private static Map<String, String> claims(HtmlPage page) {
        Map<String, String> claims = new HashMap<>();
        HtmlTable table = (HtmlTable) page.getElementById("claims");
        for (HtmlTableRow row : table.getBodies().get(0).getRows()) {
            claims.put(row.getCell(0).asNormalizedText(), row.getCell(1).asNormalizedText());
        }
        return claims;
    }
}
