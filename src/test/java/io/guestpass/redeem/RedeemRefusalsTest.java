package io.guestpass.redeem;

import io.guestpass.graph.invitations.InvitationService;
import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.guestpass.redeem.RedeemSteps.*;
import static org.junit.jupiter.api.Assertions.*;

/** Every way a sign-in or an acceptance can be forged or broken is refused, and the invitation stays pending. */
@QuarkusTest
@TestProfile(RedeemRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class RedeemRefusalsTest {

    @Inject
    Invitations invitations;

    InvitationService.Issued issued;

    @BeforeEach
    void anInvitation() {
        Directory.reset();
        issued = invitations.invite("ada@outlook.com", "en-US");
    }

    @AfterEach
    void providerBackToNormal() {
        GuestpassTestResources.microsoft().setAvailable(true);
        GuestpassTestResources.microsoft().tamperNextIdToken(LocalMicrosoftAccount.Tamper.NONE);
    }

    private void assertStillPending() {
        assertEquals("PendingAcceptance", Directory.text("select status from invitation where id = ?::uuid", issued.invitation().id.toString()));
        assertEquals("PendingAcceptance", Directory.text("select external_user_state from guest_user"));
        assertEquals(0, Directory.count("select count(*) from sign_in_identity"));
        assertEquals(0, Directory.count("select count(*) from consent_record"));
        assertEquals(1, Directory.count("select count(*) from redeem_ticket where retired_at is null"));
    }

    @ParameterizedTest
    @EnumSource(value = LocalMicrosoftAccount.Tamper.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aForgedOrMisissuedIdTokenIsRefused(LocalMicrosoftAccount.Tamper tamper) throws Exception {
        try (Browser browser = new Browser("en")) {
            HtmlPage start = open(browser, issued.redeemUrl());
            GuestpassTestResources.microsoft().tamperNextIdToken(tamper);
            org.htmlunit.Page raw = signInRaw(browser, start, "ada@outlook.com");
            HtmlPage result = (HtmlPage) raw;
            String text = result.asNormalizedText();
            assertFalse(text.contains("Accept the invitation"), tamper + " reached consent: " + text);
            assertTrue(result.getWebResponse().getStatusCode() >= 400, tamper + ": " + result.getWebResponse().getStatusCode());
            assertTrue(text.contains("Sign-in didn't complete") || text.contains("This account can't be used"), tamper + ": " + text);
        }
        assertStillPending();
        // and the invitation can still be redeemed afterwards
        try (Browser browser = new Browser("en")) {
            HtmlPage consent = signIn(browser, open(browser, issued.redeemUrl()), "ada@outlook.com");
            assertTrue(consent.asNormalizedText().contains("Accept the invitation"), consent.asNormalizedText());
        }
    }

    @Test
    void aCallbackWithAWrongOrMissingStateIsRefused() throws Exception {
        try (Browser browser = new Browser("en")) {
            open(browser, issued.redeemUrl());
            String callback = callbackFromProvider(browser, "ada@outlook.com");
            assertTrue(callback.startsWith(BASE + "/redeem/callback?"), callback);
            assertRefusedOrSentBackToTheProvider(browser, callback.replaceAll("state=[^&]+", "state=forged-state"));
            assertRefusedOrSentBackToTheProvider(browser, callback.replaceAll("&?state=[^&]+", ""));
        }
        assertStillPending();
    }

    /** Refused: an error page, or quarkus-oidc starts a fresh sign-in at the provider — never our consent page. */
    private static void assertRefusedOrSentBackToTheProvider(Browser browser, String url) throws Exception {
        browser.client().getOptions().setRedirectEnabled(false);
        try {
            Page answer = browser.client().getPage(url);
            int status = answer.getWebResponse().getStatusCode();
            String location = String.valueOf(answer.getWebResponse().getResponseHeaderValue("Location"));
            assertTrue(status >= 400 || (status == 302 && location.startsWith(GuestpassTestResources.microsoft().baseUrl())),
                    status + " " + location);
        } finally {
            browser.client().getOptions().setRedirectEnabled(true);
        }
    }

    @Test
    void aReplayedAuthorizationCodeIsRefused() throws Exception {
        String usedCallback;
        try (Browser first = new Browser("en")) {
            open(first, issued.redeemUrl());
            usedCallback = callbackFromProvider(first, "ada@outlook.com");
            HtmlPage consent = get(first, usedCallback);
            assertTrue(consent.asNormalizedText().contains("Accept the invitation"), consent.asNormalizedText());
        }
        try (Browser second = new Browser("en")) {
            open(second, issued.redeemUrl());
            String own = callbackFromProvider(second, "eve@outlook.com");
            String state = own.replaceAll(".*[?&]state=([^&]+).*", "$1");
            String replay = usedCallback.replaceAll("state=[^&]+", "state=" + state);
            Page refused = get(second, replay);
            assertFalse(refused.getWebResponse().getContentAsString().contains("Accept the invitation"));
            assertTrue(refused.getWebResponse().getStatusCode() >= 400);
        }
        assertStillPending();
    }

    @Test
    void aConsentPostWithoutOrWithAForeignCsrfTokenChangesNothing() throws Exception {
        try (Browser mallory = new Browser("en"); Browser ada = new Browser("en")) {
            HtmlPage malloryConsent = signIn(mallory, open(mallory, issued.redeemUrl()), "ada@outlook.com");
            HtmlPage adaConsent = signIn(ada, open(ada, issued.redeemUrl()), "ada@outlook.com");
            assertNotEquals(csrfOf(malloryConsent), csrfOf(adaConsent));

            Page missing = post(ada, "/redeem/accept", "");
            assertEquals(400, missing.getWebResponse().getStatusCode());
            Page foreign = post(ada, "/redeem/accept", "csrf=" + csrfOf(malloryConsent));
            assertEquals(400, foreign.getWebResponse().getStatusCode());
            Page forgedInvitation = post(ada, "/redeem/accept", "csrf=x&invitation=" + issued.invitation().id);
            assertEquals(400, forgedInvitation.getWebResponse().getStatusCode());
        }
        try (Browser outsider = new Browser("en")) {
            assertEquals(400, post(outsider, "/redeem/accept", "csrf=anything").getWebResponse().getStatusCode());
        }
        assertStillPending();
    }

    @Test
    void whenTheProviderIsDownThePersonGetsAFriendlyPageAndCanTryAgainLater() throws Exception {
        try (Browser browser = new Browser("en")) {
            open(browser, issued.redeemUrl());
            String callback = callbackFromProvider(browser, "ada@outlook.com");
            GuestpassTestResources.microsoft().setAvailable(false);
            HtmlPage down = get(browser, callback);
            assertTrue(down.asNormalizedText().contains("Your invitation is still valid"), down.asNormalizedText());
            assertTrue(down.getWebResponse().getStatusCode() == 503 || down.getWebResponse().getStatusCode() == 401,
                    "status " + down.getWebResponse().getStatusCode());
        }
        assertStillPending();
        GuestpassTestResources.microsoft().setAvailable(true);
        try (Browser browser = new Browser("en")) {
            HtmlPage consent = signIn(browser, open(browser, issued.redeemUrl()), "ada@outlook.com");
            HtmlPage application = pressButton(consent, "Accept");
            assertEquals("https://app.contoso.test/welcome", application.getUrl().toString());
        }
    }

    @Test
    void aProviderThatDoesNotAnswerInTimeGivesTheSamePage() throws Exception {
        try (Browser browser = new Browser("en")) {
            open(browser, issued.redeemUrl());
            String callback = callbackFromProvider(browser, "ada@outlook.com");
            GuestpassTestResources.microsoft().setResponseDelay(java.time.Duration.ofSeconds(4));
            try {
                HtmlPage slow = get(browser, callback);
                assertTrue(slow.asNormalizedText().contains("Your invitation is still valid"), slow.asNormalizedText());
            } finally {
                GuestpassTestResources.microsoft().setResponseDelay(java.time.Duration.ZERO);
            }
        }
        assertStillPending();
    }

    @Test
    void aTamperedOrUnknownTicketRevealsNothing() throws Exception {
        try (Browser browser = new Browser("en")) {
            String tampered = issued.redeemUrl().substring(0, issued.redeemUrl().length() - 2) + "AA";
            for (String url : new String[] { tampered, BASE + "/redeem?ticket=short", BASE + "/redeem", BASE + "/redeem?ticket=%3Cscript%3E" }) {
                HtmlPage page = open(browser, url);
                assertEquals(404, page.getWebResponse().getStatusCode(), url);
                assertTrue(page.asNormalizedText().contains("This link isn't valid"), page.asNormalizedText());
                assertFalse(page.asNormalizedText().contains("ada@outlook.com"));
            }
            HtmlPage stale = open(browser, BASE + "/redeem/start");
            assertEquals(400, stale.getWebResponse().getStatusCode());
        }
        assertStillPending();
    }
}
