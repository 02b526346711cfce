package io.guestpass.signup;

import io.guestpass.directory.ConfiguredIdentityProvider;
import io.guestpass.directory.UserFlow.InputType;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.devmode.StandInOpenIdProvider;
import io.guestpass.oidc.AppSignIn;
import io.guestpass.oidc.Applications;
import io.guestpass.oidc.SignUpRole;
import io.guestpass.passcode.PasscodeBrowser;
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

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-up in a browser with providers an administrator configured through the API, each answered by a local stand-in:
 * a generic OpenID Connect provider (its discovery document read and checked, its token endpoint authenticated to with
 * the unsealed secret), up to the application's code exchange; the refusals around it.
 */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class SignUpWithConfiguredProvidersTest {

    static final String CLIENT_ID = "guestpass-at-partner";

    @Inject
    Applications applications;

    @Inject
    io.guestpass.platform.DataCipher cipher;

    Applications.Registered app;
    StandInOpenIdProvider partner;
    String flowId;
    String providerId;
    String tenantPath;

    @BeforeEach
    void aFlowOfferingAGenericProvider() throws Exception {
        Directory.reset();
        UserFlows.signUpEnabled(true);
        partner = new StandInOpenIdProvider(CLIENT_ID, "first-secret");
        app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        String flow = flowId = UserFlows.flow("PartnerSignUp", app.objectId(), UserFlows.required("city", "City", InputType.textBox));
        // the sign-up function does not serve the administration API: the provider is saved as that function saves it
        providerId = UserFlows.openIdConnectProvider(cipher, flow, "Partner login", CLIENT_ID, "first-secret", partner.metadataUrl());
        tenantPath = "/signup/provider/" + providerId.toLowerCase();
    }

    @AfterEach
    void stopStandIn() {
        partner.close();
    }

    private HtmlPage providerPage(Browser browser, AppSignIn flow) throws Exception {
        HtmlPage providers = browser.client().getPage(SignUpBrowser.create(app, flow).toURL());
        assertTrue(providers.asNormalizedText().contains("Sign in with Partner login"), providers.asNormalizedText());
        return providers;
    }

    @Test
    void aNewPersonSignsUpWithAGenericProviderAndTheApplicationGetsItsCode() throws Exception {
        String email = "ada-" + UUID.randomUUID() + "@partner.example";
        String subject = UUID.randomUUID().toString();
        partner.signInNextAs(new StandInOpenIdProvider.Account(subject, email, true, "Ada Partner"));
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage form = providerPage(browser, flow).getAnchorByHref(tenantPath).click();
            assertTrue(form.asNormalizedText().contains("You are signing up as " + email), form.asNormalizedText());
            ((HtmlInput) form.getHtmlElementById("field-city")).setValue("Leiden");
            Page atApp = AppSignIn.press(form, "Sign up");
            Map<String, String> received = AppSignIn.received(atApp);
            assertEquals(email, SignUpBrowser.exchanged(app, flow, received.get("code")).getStringClaim("email"));
        }
        // the identity is the provider's (issuer, subject), never the address
        assertEquals(1, Directory.count("select count(*) from sign_in_identity where issuer = ? and issuer_assigned_id = ?",
                partner.base(), subject));
        // later, the application's ordinary sign-in offers the same provider and signs the guest in (its own callback)
        partner.signInNextAs(new StandInOpenIdProvider.Account(subject, email, true, "Ada Partner"));
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage providers = browser.client().getPage(flow.request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI().toURL());
            Page atApp = providers.getAnchorByHref("/signin/" + providerId.toLowerCase()).click();
            assertEquals(email, SignUpBrowser.exchanged(app, flow, AppSignIn.received(atApp).get("code")).getStringClaim("email"));
            assertTrue(browser.visited().stream().anyMatch(url -> url.startsWith(GuestpassTestResources.PUBLIC_BASE_URL + "/signin/callback")),
                    browser.visited().toString());
        }
        assertEquals(1, Directory.count("select count(*) from guest_user"));
    }

    /** The development stand-in's own page (what README's "Partner login" shows): the person types an address there. */
    @Test
    void withNobodyChosenTheStandInAsksForAnAddressOnItsPage() throws Exception {
        String email = "typed-" + UUID.randomUUID() + "@partner.example";
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage login = providerPage(browser, flow).getAnchorByHref(tenantPath).click();
            assertTrue(login.asNormalizedText().contains("Development stand-in for an OpenID Connect provider"), login.asNormalizedText());
            ((HtmlInput) login.getHtmlElementById("email")).setValue(email);
            HtmlPage form = (HtmlPage) AppSignIn.press(login, "Sign in");
            assertTrue(form.asNormalizedText().contains("You are signing up as " + email), form.asNormalizedText());
            ((HtmlInput) form.getHtmlElementById("field-city")).setValue("Delft");
            Map<String, String> received = AppSignIn.received(AppSignIn.press(form, "Sign up"));
            assertEquals(email, SignUpBrowser.exchanged(app, flow, received.get("code")).getStringClaim("email"));
        }
    }

    @Test
    void aNewClientSecretBuildsTheTenantAgain() throws Exception {
        signUp("first-" + UUID.randomUUID() + "@partner.example");
        partner.clientSecret("second-secret").secretInBody(true);
        UserFlows.changeProvider(providerId, provider -> {
            provider.sealClientSecret(cipher, "second-secret");
            provider.clientAuthenticationMethod = io.guestpass.directory.ConfiguredIdentityProvider.ClientAuthentication.client_secret_post;
        });
        signUp("second-" + UUID.randomUUID() + "@partner.example");
        assertEquals(2, Directory.count("select count(*) from guest_user where creation_type = 'SelfServiceSignUp'"));
    }

    private void signUp(String email) throws Exception {
        partner.signInNextAs(new StandInOpenIdProvider.Account(UUID.randomUUID().toString(), email, true, "Someone"));
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage form = providerPage(browser, flow).getAnchorByHref(tenantPath).click();
            ((HtmlInput) form.getHtmlElementById("field-city")).setValue("Delft");
            assertTrue(AppSignIn.received(AppSignIn.press(form, "Sign up")).containsKey("code"));
        }
    }

    @Test
    void aMetadataUrlThatResolvesToInstanceMetadataIsRefused() throws Exception {
        Directory.execute("update configured_identity_provider set metadata_url = ?, version = version + 1 where id = ?",
                "https://169.254.169.254/.well-known/openid-configuration", providerId);
        partner.signInNextAs(new StandInOpenIdProvider.Account("s", "x@partner.example", true, "X"));
        try (Browser browser = new Browser("en")) {
            HtmlPage refused = providerPage(browser, AppSignIn.start()).getAnchorByHref(tenantPath).click();
            assertTrue(refused.getUrl().toString().startsWith(GuestpassTestResources.PUBLIC_BASE_URL + "/signup"), refused.getUrl().toString());
            assertTrue(refused.getWebResponse().getStatusCode() >= 400, refused.asNormalizedText());
            assertTrue(browser.visited().stream().noneMatch(url -> url.startsWith(partner.base())), browser.visited().toString());
        }
        assertEquals(0, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void anUnverifiedAddressIsProvedWithACodeBeforeAnyoneSignsUp() throws Exception {
        String subject = UUID.randomUUID().toString();
        String unverified = "unverified-" + UUID.randomUUID() + "@partner.example";
        partner.signInNextAs(new StandInOpenIdProvider.Account(subject, unverified, false, "U"));
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage prove = providerPage(browser, flow).getAnchorByHref(tenantPath).click();
            assertEquals(GuestpassTestResources.PUBLIC_BASE_URL + "/signup/address", prove.getUrl().toString(), prove.asNormalizedText());
            assertEquals(unverified, ((HtmlInput) prove.getHtmlElementById("field-email")).getValue());
            assertEquals(0, Directory.count("select count(*) from guest_user"));
            // the person may prove another address than the one the provider gave
            String proven = "proven-" + UUID.randomUUID() + "@partner.example";
            HtmlPage codePage = PasscodeBrowser.typeAddress(prove, proven);
            HtmlPage form = PasscodeBrowser.typeCode(codePage, PasscodeBrowser.newestCodeFor(proven));
            ((HtmlInput) form.getHtmlElementById("field-city")).setValue("Gouda");
            assertEquals(proven, SignUpBrowser.exchanged(app, flow, AppSignIn.received(AppSignIn.press(form, "Sign up")).get("code"))
                    .getStringClaim("email"));
        }
        assertEquals(1, Directory.count("select count(*) from sign_in_identity where issuer = ? and issuer_assigned_id = ?",
                partner.base(), subject));
        assertEquals(0, PasscodeBrowser.mailsTo(unverified).size());
    }

    @Test
    void googleSignsUpWithEitherSpellingOfItsIssuerAsOneIdentityKeyedBySubject() throws Exception {
        UserFlows.socialProvider(cipher, flowId, ConfiguredIdentityProvider.Type.Google, GuestpassTestResources.GOOGLE_CLIENT_ID,
                GuestpassTestResources.GOOGLE_CLIENT_SECRET);
        StandInOpenIdProvider google = GuestpassTestResources.google();
        String subject = "1" + Math.abs(UUID.randomUUID().getLeastSignificantBits());
        String email = "grace-" + UUID.randomUUID() + "@gmail.com";
        google.signInNextAs(new StandInOpenIdProvider.Account(subject, email, true, "Grace"));
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            HtmlPage form = providerPage(browser, flow).getAnchorByHref("/signup/provider/google").click();
            ((HtmlInput) form.getHtmlElementById("field-city")).setValue("Zurich");
            assertEquals(email, SignUpBrowser.exchanged(app, flow, AppSignIn.received(AppSignIn.press(form, "Sign up")).get("code"))
                    .getStringClaim("email"));
        }
        assertEquals(1, Directory.count("select count(*) from sign_in_identity where issuer = 'google.com' and issuer_assigned_id = ?", subject));
        // Google's other spelling of its issuer is the same identity: signed in, no second guest
        try {
            google.issuer("accounts.google.com");
            try (Browser browser = new Browser("en")) {
                Page atApp = providerPage(browser, AppSignIn.start()).getAnchorByHref("/signup/provider/google").click();
                assertTrue(AppSignIn.received(atApp).containsKey("code"), atApp.getWebResponse().getContentAsString());
            }
        } finally {
            google.issuer("https://accounts.google.com");
        }
        assertEquals(1, Directory.count("select count(*) from guest_user"));
        assertEquals(1, Directory.count("select count(*) from sign_in_identity"));
    }

    @Test
    void twoProvidersAssertingOneAddressAreTwoIdentitiesNeverMergedSilently() throws Exception {
        UserFlows.socialProvider(cipher, flowId, ConfiguredIdentityProvider.Type.Google, GuestpassTestResources.GOOGLE_CLIENT_ID,
                GuestpassTestResources.GOOGLE_CLIENT_SECRET);
        String email = "shared-" + UUID.randomUUID() + "@partner.example";
        signUp(email);
        GuestpassTestResources.google().signInNextAs(new StandInOpenIdProvider.Account("g-" + UUID.randomUUID(), email, true, "Same"));
        try (Browser browser = new Browser("en")) {
            HtmlPage form = providerPage(browser, AppSignIn.start()).getAnchorByHref("/signup/provider/google").click();
            ((HtmlInput) form.getHtmlElementById("field-city")).setValue("Bern");
            Page taken = AppSignIn.press(form, "Sign up");
            assertEquals(409, taken.getWebResponse().getStatusCode(), taken.getWebResponse().getContentAsString());
            assertTrue(((HtmlPage) taken).asNormalizedText().contains("Sign in with Partner login instead"), ((HtmlPage) taken).asNormalizedText());
        }
        assertEquals(1, Directory.count("select count(*) from guest_user"));
        assertEquals(0, Directory.count("select count(*) from sign_in_identity where issuer = 'google.com'"));
    }

    @Test
    void aProviderThatIsDownGetsAClearPageAndNothingIsCreated() throws Exception {
        try (Browser browser = new Browser("en")) {
            HtmlPage providers = providerPage(browser, AppSignIn.start());
            partner.close();
            HtmlPage failed = providers.getAnchorByHref(tenantPath).click();
            assertTrue(failed.getWebResponse().getStatusCode() >= 400, failed.asNormalizedText());
            assertTrue(failed.asNormalizedText().contains("We couldn't sign you in"), failed.asNormalizedText());
        }
        assertEquals(0, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void aProviderDeletedAfterThePageWasShownIsRefusedWithAClearPage() throws Exception {
        partner.signInNextAs(new StandInOpenIdProvider.Account("d", "deleted@partner.example", true, "D"));
        try (Browser browser = new Browser("en")) {
            HtmlPage providers = providerPage(browser, AppSignIn.start());
            Directory.execute("update user_flow set identity_providers = array_remove(identity_providers, ?) where id = ?", providerId, flowId);
            Directory.execute("delete from configured_identity_provider where id = ?", providerId);
            HtmlPage refused = providers.getAnchorByHref(tenantPath).click();
            assertTrue(refused.asNormalizedText().contains("We couldn't sign you in"), refused.asNormalizedText());
            assertTrue(browser.visited().stream().noneMatch(url -> url.startsWith(partner.base())), browser.visited().toString());
        }
        assertEquals(0, Directory.count("select count(*) from guest_user"));
    }
}
