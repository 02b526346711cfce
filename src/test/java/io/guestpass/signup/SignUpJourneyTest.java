package io.guestpass.signup;

import com.nimbusds.jwt.JWTClaimsSet;
import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.directory.UserFlow.InputType;
import io.guestpass.directory.UserFlowAttribute;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.oidc.AppSignIn;
import io.guestpass.oidc.Applications;
import io.guestpass.oidc.SignUpRole;
import io.guestpass.redeem.Invitations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlSelect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Self-service sign-up in a browser (HtmlUnit), from an application's authorization request to its code exchange, with the
 * local Microsoft-account stand-in as the provider: the attribute page and its server-side checks, the guest it creates,
 * and sign up <em>or</em> sign in.
 */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class SignUpJourneyTest {

    @Inject
    Applications applications;

    @Inject
    Invitations invitations;

    Applications.Registered app;
    String favourite;

    @BeforeEach
    void aPortalWithASignUpFlow() {
        Directory.reset();
        UserFlows.signUpEnabled(true);
        app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        favourite = UserFlows.custom("FavouriteNumber", UserFlowAttribute.DataType.int64);
        UserFlows.flow("PartnerSignUp", app.objectId(),
                UserFlows.required("city", "City", InputType.textBox),
                UserFlows.required("jobTitle", "Job title", InputType.dropdownSingleSelect, "Buyer", "Engineer"),
                UserFlows.optional(favourite, "Favourite number", InputType.textBox),
                UserFlows.required("displayName", "Display name", InputType.textBox));
    }

    @Test
    void aNewPersonSignsUpWithPromptCreateAndReturnsToTheApplicationSignedIn() throws Exception {
        String email = "new-" + UUID.randomUUID() + "@outlook.com";
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage providers = browser.client().getPage(create(flow).toURL());
            assertTrue(providers.asNormalizedText().contains("Sign up for Contoso Portal"), providers.asNormalizedText());
            HtmlPage form = signUp(browser, create(flow), email);
            assertTrue(form.asNormalizedText().contains("Tell Contoso about yourself"), form.asNormalizedText());
            assertTrue(form.asNormalizedText().contains("You are signing up as " + email), form.asNormalizedText());
            // the provider's name is prefilled; wrong input is refused next to its field and in the summary
            assertEquals(nameOf(email), ((HtmlInput) form.getHtmlElementById("field-displayName")).getValue());
            ((HtmlInput) form.getHtmlElementById("field-" + favourite)).setValue("twelve");
            HtmlPage refused = (HtmlPage) AppSignIn.press(form, "Sign up");
            assertEquals(400, refused.getWebResponse().getStatusCode());
            String text = refused.asNormalizedText();
            assertTrue(text.contains("There is a problem"), text);
            assertTrue(text.contains("Enter City."), text);
            assertTrue(text.contains("Enter a whole number."), text);
            assertEquals("twelve", ((HtmlInput) refused.getHtmlElementById("field-" + favourite)).getValue(), "what was typed stays");
            assertEquals(0, Directory.count("select count(*) from guest_user"));

            ((HtmlInput) refused.getHtmlElementById("field-city")).setValue("  Utrecht <b>centrum</b> ");
            ((HtmlSelect) refused.getHtmlElementById("field-jobTitle")).setSelectedAttribute("ENGINEER", true);
            ((HtmlInput) refused.getHtmlElementById("field-" + favourite)).setValue("42");
            Page atApp = AppSignIn.press(refused, "Sign up");
            Map<String, String> received = AppSignIn.received(atApp);
            assertEquals(flow.state.getValue(), received.get("state"), atApp.getUrl().toString());
            JWTClaimsSet id = verified(received.get("code"), flow);
            assertEquals(email, id.getStringClaim("email"));

            String userId = Directory.text("select id::text from guest_user where mail = ?", email);
            assertEquals("SelfServiceSignUp", Directory.text("select creation_type from guest_user where id = ?::uuid", userId));
            assertEquals("Accepted", Directory.text("select external_user_state from guest_user where id = ?::uuid", userId));
            assertEquals("Utrecht <b>centrum</b>", Directory.text("select attributes->>'city' from guest_user where id = ?::uuid", userId));
            assertEquals("ENGINEER", Directory.text("select attributes->>'jobTitle' from guest_user where id = ?::uuid", userId));
            assertEquals("42", Directory.text("select (attributes->'" + favourite + "')::text from guest_user where id = ?::uuid", userId));
            assertEquals(1, Directory.count("select count(*) from sign_in_identity where user_id = ?::uuid", userId));
            assertEquals(1, Directory.count("select count(*) from consent_record where user_id = ?::uuid and invitation_id is null", userId));
            assertEquals(1, Directory.count("select count(*) from audit_event where action = 'user.signedUp' and target_id = ?", userId));
        }
        // signing up again with the same account signs that guest in: no form, no second guest
        try (Browser browser = new Browser("en")) {
            AppSignIn again = AppSignIn.start();
            GuestpassTestResources.microsoft().signInNextAs(LocalMicrosoftAccount.Account.of(email));
            HtmlPage providers = browser.client().getPage(create(again).toURL());
            Page atApp = providers.getAnchorByHref("/signup/provider/msa").click();
            assertTrue(AppSignIn.received(atApp).containsKey("code"), atApp.getUrl().toString());
            assertEquals(1, Directory.count("select count(*) from guest_user"));
        }
    }

    @Test
    void anUnknownPersonSigningInToALinkedApplicationIsOfferedTheSignUpForm() throws Exception {
        String email = "walk-in-" + UUID.randomUUID() + "@outlook.com";
        try (Browser browser = new Browser("nl")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage form = AppSignIn.signIn(browser, flow.request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI(), email);
            assertTrue(form.asNormalizedText().contains("Vertel Contoso wie u bent"), form.asNormalizedText());
            ((HtmlInput) form.getHtmlElementById("field-city")).setValue("Gent");
            ((HtmlSelect) form.getHtmlElementById("field-jobTitle")).setSelectedAttribute("BUYER", true);
            Page atApp = AppSignIn.press(form, "Registreren");
            Map<String, String> received = AppSignIn.received(atApp);
            assertTrue(received.containsKey("code"), () -> atApp.getWebResponse().getContentAsString());
            verified(received.get("code"), flow);
            assertEquals(1, Directory.count("select count(*) from guest_user where creation_type = 'SelfServiceSignUp'"));
        }
    }

    @Test
    void aPendingInviteeWhoSignsUpAcceptsTheInvitationInsteadOfBecomingASecondGuest() throws Exception {
        String email = "invited-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage consent = signUp(browser, create(flow), email);
            assertTrue(consent.asNormalizedText().contains("Accept the invitation from Contoso"), consent.asNormalizedText());
            Map<String, String> received = AppSignIn.received(AppSignIn.press(consent, "Accept and continue"));
            verified(received.get("code"), flow);
        }
        assertEquals(1, Directory.count("select count(*) from guest_user"));
        assertEquals("Invitation", Directory.text("select creation_type from guest_user"));
        assertEquals("Accepted", Directory.text("select external_user_state from guest_user"));
    }

    @Test
    void aDisabledGuestWhoTriesToSignUpAgainIsRefused() throws Exception {
        String email = "disabled-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        Directory.execute("update guest_user set account_enabled = false where mail = ?", email);
        try (Browser browser = new Browser("en")) {
            browser.client().getOptions().setThrowExceptionOnFailingStatusCode(false);
            HtmlPage refused = signUp(browser, create(AppSignIn.start()), email);
            assertEquals(403, refused.getWebResponse().getStatusCode());
            assertTrue(refused.asNormalizedText().contains("Your account is blocked"), refused.asNormalizedText());
        }
        assertEquals(1, Directory.count("select count(*) from guest_user"));
        assertEquals(0, Directory.count("select count(*) from sign_in_identity"));
    }

    @Test
    void aFlowWhoseOnlyProviderIsDisabledOffersNoSignUp() throws Exception {
        Directory.execute("insert into identity_provider_state (id, enabled, changed_at) values ('MSASignup-OAUTH', false, now())");
        try (Browser browser = new Browser("en")) {
            browser.client().getOptions().setThrowExceptionOnFailingStatusCode(false);
            HtmlPage page = browser.client().getPage(create(AppSignIn.start()).toURL());
            assertEquals(404, page.getWebResponse().getStatusCode());
            assertFalse(page.getWebResponse().getContentAsString().contains("/signup/provider/"));
        }
    }

    @Test
    void whileSignUpIsSwitchedOffEveryEntryAnswersWithAClearPage() throws Exception {
        UserFlows.signUpEnabled(false);
        try (Browser browser = new Browser("en")) {
            browser.client().getOptions().setThrowExceptionOnFailingStatusCode(false);
            HtmlPage byPrompt = browser.client().getPage(create(AppSignIn.start()).toURL());
            assertEquals(403, byPrompt.getWebResponse().getStatusCode());
            assertTrue(byPrompt.asNormalizedText().contains("Sign-up isn't available"), byPrompt.asNormalizedText());
            HtmlPage byLink = browser.client().getPage(AppSignIn.local(URI.create(GuestpassTestResources.PUBLIC_BASE_URL
                    + "/signup/B2X_1_PartnerSignUp?client_id=" + app.clientId() + "&redirect_uri=" + AppSignIn.CALLBACK)).toURL());
            assertEquals(403, byLink.getWebResponse().getStatusCode());
            // an unknown person signing in learns they have no access, as without a flow
            HtmlPage noAccess = AppSignIn.signIn(browser, AppSignIn.start().request(app.clientId(), AppSignIn.CALLBACK, false).build()
                    .toURI(), "off-" + UUID.randomUUID() + "@outlook.com");
            assertEquals(403, noAccess.getWebResponse().getStatusCode());
            assertTrue(noAccess.asNormalizedText().contains("You don't have access yet"), noAccess.asNormalizedText());
        }
        assertEquals(0, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void anApplicationWithoutAFlowOrAnotherApplicationsFlowOffersNoSignUp() throws Exception {
        Applications.Registered other = applications.web("Fabrikam", AppSignIn.CALLBACK);
        try (Browser browser = new Browser("en")) {
            browser.client().getOptions().setThrowExceptionOnFailingStatusCode(false);
            AppSignIn flow = AppSignIn.start();
            HtmlPage byPrompt = browser.client().getPage(flow.request(other.clientId(), AppSignIn.CALLBACK, false)
                    .customParameter("prompt", "create").build().toURI().toURL());
            assertEquals(404, byPrompt.getWebResponse().getStatusCode());
            assertTrue(byPrompt.asNormalizedText().contains("This sign-up page doesn't exist"));
            HtmlPage byLink = browser.client().getPage(AppSignIn.local(URI.create(GuestpassTestResources.PUBLIC_BASE_URL
                    + "/signup/B2X_1_PartnerSignUp?client_id=" + other.clientId() + "&redirect_uri=" + AppSignIn.CALLBACK)).toURL());
            assertEquals(404, byLink.getWebResponse().getStatusCode());
            // an unregistered redirect URI is never followed
            HtmlPage unregistered = browser.client().getPage(AppSignIn.local(URI.create(GuestpassTestResources.PUBLIC_BASE_URL
                    + "/signup/B2X_1_PartnerSignUp?client_id=" + app.clientId() + "&redirect_uri=https://evil.test/cb")).toURL());
            assertEquals(400, unregistered.getWebResponse().getStatusCode());
        }
    }

    @Test
    void hostileAndWronglyTypedValuesAreRefusedServerSide() throws Exception {
        String email = "hostile-" + UUID.randomUUID() + "@outlook.com";
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage form = signUp(browser, create(flow), email);
            ((HtmlInput) form.getHtmlElementById("field-city")).setValue("x".repeat(10_000));
            ((HtmlInput) form.getHtmlElementById("field-displayName")).setValue("<script>alert(1)</script>");
            ((HtmlInput) form.getHtmlElementById("field-" + favourite)).setValue("9223372036854775808");
            // a choice the form never offered
            ((HtmlSelect) form.getHtmlElementById("field-jobTitle")).getOption(1).setValueAttribute("CEO");
            ((HtmlSelect) form.getHtmlElementById("field-jobTitle")).setSelectedAttribute("CEO", true);
            HtmlPage refused = (HtmlPage) AppSignIn.press(form, "Sign up");
            String text = refused.asNormalizedText();
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(text.contains("Use at most 256 characters."), text);
            assertTrue(text.contains("Enter a whole number."), text);
            assertTrue(text.contains("Choose one of the options."), text);
            assertFalse(refused.getWebResponse().getContentAsString().contains("<script>alert(1)</script>"), "escaped");
            ((HtmlInput) refused.getHtmlElementById("field-city")).setValue("Delft\u0007");
            text = ((HtmlPage) AppSignIn.press(refused, "Sign up")).asNormalizedText();
            assertTrue(text.contains("Remove the line breaks and other control characters."), text);
            assertEquals(0, Directory.count("select count(*) from guest_user"));
        }
    }

    private URI create(AppSignIn flow) throws Exception {
        return SignUpBrowser.create(app, flow);
    }

    private static HtmlPage signUp(Browser browser, URI request, String email) throws Exception {
        return SignUpBrowser.signUp(browser, request, email);
    }

    private static String nameOf(String email) {
        return LocalMicrosoftAccount.Account.of(email).name();
    }

    private JWTClaimsSet verified(String code, AppSignIn flow) throws Exception {
        return SignUpBrowser.exchanged(app, flow, code);
    }
}
