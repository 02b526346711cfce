package io.guestpass.signup;

import io.guestpass.directory.ConfiguredIdentityProvider;
import io.guestpass.directory.UserFlow.InputType;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.StandInFacebook;
import io.guestpass.devmode.StandInOpenIdProvider;
import io.guestpass.oidc.AppSignIn;
import io.guestpass.oidc.Applications;
import io.guestpass.oidc.SignUpRole;
import io.guestpass.passcode.PasscodeBrowser;
import io.guestpass.redeem.Invitations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-up with Facebook in a browser, against the local stand-in for Facebook Login (OAuth 2, no ID token, the person read
 * from Graph's /me): Facebook vouches for no address, so the person proves one with a mailed code (the address Facebook
 * gave suggested, or one they type) before the attribute page; the identity stays (facebook.com, Facebook's id). The
 * returning guest signs in through the application's ordinary sign-in; the failures around it end on clear pages with
 * nothing created, and an address Facebook gave never takes over another guest's or an invitee's.
 */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class SignUpWithFacebookTest {

    static final String FACEBOOK_PATH = "/signup/provider/facebook";

    @Inject
    Applications applications;

    @Inject
    Invitations invitations;

    @Inject
    io.guestpass.platform.DataCipher cipher;

    Applications.Registered app;
    String flowId;
    StandInFacebook facebook;

    @BeforeEach
    void aFlowOfferingFacebook() {
        Directory.reset();
        UserFlows.signUpEnabled(true);
        app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        flowId = UserFlows.flow("FacebookSignUp", app.objectId(), UserFlows.required("city", "City", InputType.textBox));
        UserFlows.socialProvider(cipher, flowId, ConfiguredIdentityProvider.Type.Facebook, GuestpassTestResources.FACEBOOK_CLIENT_ID,
                GuestpassTestResources.FACEBOOK_CLIENT_SECRET);
        facebook = GuestpassTestResources.facebook();
    }

    @AfterEach
    void facebookAsItWas() {
        facebook.down(false).clientSecret(GuestpassTestResources.FACEBOOK_CLIENT_SECRET);
    }

    private HtmlPage providerPage(Browser browser, AppSignIn flow) throws Exception {
        HtmlPage providers = browser.client().getPage(SignUpBrowser.create(app, flow).toURL());
        assertTrue(providers.asNormalizedText().contains("Sign in with Facebook"), providers.asNormalizedText());
        return providers;
    }

    /** Through Facebook to the page where the address is proved. */
    private HtmlPage withFacebook(Browser browser, AppSignIn flow, StandInFacebook.Account account) throws Exception {
        facebook.signInNextAs(account);
        HtmlPage prove = providerPage(browser, flow).getAnchorByHref(FACEBOOK_PATH).click();
        assertEquals(GuestpassTestResources.PUBLIC_BASE_URL + "/signup/address", prove.getUrl().toString(), prove.asNormalizedText());
        assertTrue(prove.asNormalizedText().contains("Confirm your email address"), prove.asNormalizedText());
        return prove;
    }

    /** Sends the code to what the address field holds and enters the one mailed there: the attribute page. */
    private static HtmlPage proveAddress(HtmlPage prove, String address) throws Exception {
        HtmlPage codePage = PasscodeBrowser.typeAddress(prove, address);
        return PasscodeBrowser.typeCode(codePage, PasscodeBrowser.newestCodeFor(address));
    }

    private static Page signUp(HtmlPage attributes, String city) throws Exception {
        ((HtmlInput) attributes.getHtmlElementById("field-city")).setValue(city);
        return AppSignIn.press(attributes, "Sign up");
    }

    @Test
    void aNewPersonSignsUpWithFacebookProvingTheAddressItGaveAndSignsInLater() throws Exception {
        String email = "ada-" + UUID.randomUUID() + "@example.com";
        StandInFacebook.Account account = StandInFacebook.Account.withEmail("Ada Lovelace", email);
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage prove = withFacebook(browser, flow, account);
            // the address Facebook gave is suggested, not trusted: nothing exists before the code is right
            assertEquals(email, ((HtmlInput) prove.getHtmlElementById("field-email")).getValue());
            assertEquals(0, Directory.count("select count(*) from guest_user"));
            HtmlPage attributes = proveAddress(prove, email);
            assertTrue(attributes.asNormalizedText().contains("You are signing up as " + email), attributes.asNormalizedText());
            Page atApp = signUp(attributes, "Leiden");
            assertEquals(email, SignUpBrowser.exchanged(app, flow, AppSignIn.received(atApp).get("code")).getStringClaim("email"));
        }
        // the identity is Facebook's (issuer, id); the code only made the address verified
        assertEquals(1, Directory.count("select count(*) from sign_in_identity where issuer = 'facebook.com' and issuer_assigned_id = ?",
                account.id()));
        assertEquals(1, Directory.count("select count(*) from guest_user where mail_key = ?", email));
        assertTrue(facebook.fieldsAsked().contains("id,name,email,first_name,last_name"), facebook.fieldsAsked().toString());
        // the returning guest signs in through the application's ordinary sign-in: no code this time, no second guest
        facebook.signInNextAs(account);
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage providers = browser.client().getPage(flow.request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI().toURL());
            Page atApp = providers.getAnchorByHref("/signin/facebook").click();
            assertEquals(email, SignUpBrowser.exchanged(app, flow, AppSignIn.received(atApp).get("code")).getStringClaim("email"));
            assertTrue(browser.visited().stream().anyMatch(url -> url.startsWith(GuestpassTestResources.PUBLIC_BASE_URL + "/signin/callback")),
                    browser.visited().toString());
        }
        assertEquals(1, Directory.count("select count(*) from guest_user"));
        assertEquals(1, PasscodeBrowser.mailsTo(email).size());
    }

    @Test
    void aFacebookUserWithoutAnAddressTypesOneAndProvesIt() throws Exception {
        StandInFacebook.Account account = StandInFacebook.Account.withoutEmail("No Mail");
        String typed = "typed-" + UUID.randomUUID() + "@example.com";
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage prove = withFacebook(browser, flow, account);
            assertEquals("", ((HtmlInput) prove.getHtmlElementById("field-email")).getValue());
            Page atApp = signUp(proveAddress(prove, typed), "Delft");
            assertEquals(typed, SignUpBrowser.exchanged(app, flow, AppSignIn.received(atApp).get("code")).getStringClaim("email"));
        }
        assertEquals(1, Directory.count("select count(*) from sign_in_identity where issuer = 'facebook.com' and issuer_assigned_id = ?",
                account.id()));
    }

    @Test
    void aWrongCodeIsRefusedBesideTheFieldAndCreatesNothing() throws Exception {
        String email = "wrong-" + UUID.randomUUID() + "@example.com";
        try (Browser browser = new Browser("en")) {
            HtmlPage codePage = PasscodeBrowser.typeAddress(withFacebook(browser, AppSignIn.start(),
                    StandInFacebook.Account.withEmail("Wrong Code", email)), email);
            String right = PasscodeBrowser.newestCodeFor(email);
            String wrong = right.equals("12345678") ? "87654321" : "12345678";
            HtmlPage refused = PasscodeBrowser.typeCode(codePage, wrong);
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(refused.asNormalizedText().contains("That code isn't right"), refused.asNormalizedText());
            assertEquals(0, Directory.count("select count(*) from guest_user"));
            // the code asked for here is the address proof's own: the passcode provider's pages know nothing of it
            HtmlPage attributes = PasscodeBrowser.typeCode(refused, right);
            assertTrue(attributes.asNormalizedText().contains("You are signing up as " + email), attributes.asNormalizedText());
        }
        assertEquals(0, Directory.count("select count(*) from guest_user"));
        assertEquals(1, Directory.count("select count(*) from passcode_challenge where journey = 'signup-address'"));
    }

    @Test
    void facebookDownEndsOnAClearPageAndCreatesNothing() throws Exception {
        facebook.down(true);
        endsOnTheProviderFailedPage("down");
    }

    @Test
    void aClientSecretFacebookRefusesEndsOnAClearPage() throws Exception {
        facebook.clientSecret("fedcba9876543210fedcba9876543210");
        endsOnTheProviderFailedPage("secret");
    }

    /** The round trip fails at Facebook's token endpoint: the journey's clear page, no code asked for, no guest. */
    private void endsOnTheProviderFailedPage(String who) throws Exception {
        facebook.signInNextAs(StandInFacebook.Account.withEmail(who, who + "-" + UUID.randomUUID() + "@example.com"));
        try (Browser browser = new Browser("en")) {
            HtmlPage failed = providerPage(browser, AppSignIn.start()).getAnchorByHref(FACEBOOK_PATH).click();
            assertTrue(failed.getWebResponse().getStatusCode() >= 400, failed.asNormalizedText());
            assertTrue(failed.asNormalizedText().contains("We couldn't sign you in"), failed.asNormalizedText());
        }
        assertEquals(0, Directory.count("select count(*) from guest_user"));
        assertEquals(0, Directory.count("select count(*) from passcode_challenge"));
    }

    @Test
    void facebooksAddressOfAnExistingGuestIsNeverMerged() throws Exception {
        UserFlows.socialProvider(cipher, flowId, ConfiguredIdentityProvider.Type.Google, GuestpassTestResources.GOOGLE_CLIENT_ID,
                GuestpassTestResources.GOOGLE_CLIENT_SECRET);
        String email = "shared-" + UUID.randomUUID() + "@example.com";
        GuestpassTestResources.google().signInNextAs(new StandInOpenIdProvider.Account("g-" + UUID.randomUUID(), email, true, "Grace"));
        try (Browser browser = new Browser("en")) {
            HtmlPage attributes = providerPage(browser, AppSignIn.start()).getAnchorByHref("/signup/provider/google").click();
            assertTrue(AppSignIn.received(signUp(attributes, "Bern")).containsKey("code"));
        }
        try (Browser browser = new Browser("en")) {
            HtmlPage prove = withFacebook(browser, AppSignIn.start(), StandInFacebook.Account.withEmail("Same Address", email));
            Page taken = signUp(proveAddress(prove, email), "Bern");
            assertEquals(409, taken.getWebResponse().getStatusCode(), taken.getWebResponse().getContentAsString());
            assertTrue(((HtmlPage) taken).asNormalizedText().contains("Sign in with Google instead"), ((HtmlPage) taken).asNormalizedText());
        }
        assertEquals(1, Directory.count("select count(*) from guest_user"));
        assertEquals(0, Directory.count("select count(*) from sign_in_identity where issuer = 'facebook.com'"));
    }

    @Test
    void anAddressFacebookGaveNeverRedeemsTheInvitationWaitingForIt() throws Exception {
        String email = "invited-" + UUID.randomUUID() + "@example.com";
        invitations.invite(email, "en-US");
        StandInFacebook.Account account = StandInFacebook.Account.withEmail("Invitee", email);
        // the application's sign-in: Facebook's address finds no invitation, the sign-up asks for the address to be proved
        facebook.signInNextAs(account);
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage providers = browser.client().getPage(flow.request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI().toURL());
            HtmlPage prove = providers.getAnchorByHref("/signin/facebook").click();
            assertTrue(prove.asNormalizedText().contains("Confirm your email address"), prove.asNormalizedText());
            assertEquals(0, Directory.count("select count(*) from invitation where status <> 'PendingAcceptance'"));
            // proved with a code, the address is still the invitee's: neither redeemed nor taken over
            Page taken = signUp(proveAddress(prove, email), "Utrecht");
            assertEquals(409, taken.getWebResponse().getStatusCode(), taken.getWebResponse().getContentAsString());
        }
        assertEquals(1, Directory.count("select count(*) from invitation where status = 'PendingAcceptance'"));
        assertEquals(0, Directory.count("select count(*) from sign_in_identity"));
        assertEquals(1, Directory.count("select count(*) from guest_user"));
    }
}
