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
import org.htmlunit.util.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static io.guestpass.redeem.RedeemSteps.*;
import static org.junit.jupiter.api.Assertions.*;

/** Each situation a person can meet on the way has its own page that says what happened and what to do. */
@QuarkusTest
@TestProfile(RedeemRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class RedeemPagesTest {

    @Inject
    Invitations invitations;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    private static String text(HtmlPage page) {
        return page.asNormalizedText();
    }

    @Test
    void expiredSupersededRevokedAndDisabledEachHaveTheirPage() throws Exception {
        InvitationService.Issued expired = invitations.invite("exp@example.com", "en-US");
        Directory.execute("update invitation set expires_at = now() - interval '1 minute' where id = ?::uuid", expired.invitation().id.toString());
        InvitationService.Issued first = invitations.invite("twice@example.com", "en-US");
        invitations.invite("twice@example.com", "en-US");
        InvitationService.Issued revoked = invitations.invite("rev@example.com", "en-US");
        Directory.execute("update invitation set status = 'Revoked' where id = ?::uuid", revoked.invitation().id.toString());
        InvitationService.Issued disabled = invitations.invite("off@example.com", "en-US");
        Directory.execute("update guest_user set account_enabled = false where id = ?::uuid", disabled.user().id.toString());

        try (Browser browser = new Browser("en")) {
            HtmlPage page = open(browser, expired.redeemUrl());
            assertEquals(410, page.getWebResponse().getStatusCode());
            assertTrue(text(page).contains("This invitation has expired") && text(page).contains("new invitation"), text(page));
            page = open(browser, first.redeemUrl());
            assertTrue(text(page).contains("This invitation was replaced") && text(page).contains("most recent email"), text(page));
            page = open(browser, revoked.redeemUrl());
            assertTrue(text(page).contains("This invitation was withdrawn"), text(page));
            page = open(browser, disabled.redeemUrl());
            assertEquals(403, page.getWebResponse().getStatusCode());
            assertTrue(text(page).contains("Your guest account is disabled"), text(page));
            for (String url : new String[] { expired.redeemUrl(), first.redeemUrl(), revoked.redeemUrl(), disabled.redeemUrl() }) {
                assertFalse(text(open(browser, url)).contains("Sign in with Microsoft account"), "no sign-in offered: " + url);
            }
        }
    }

    @Test
    void aMismatchShowsTheInvitedAddressInFullMasksTheAccountAndOffersMicrosoftsPicker() throws Exception {
        InvitationService.Issued issued = invitations.invite("grace@outlook.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage mismatch = signIn(browser, open(browser, issued.redeemUrl()), "mallory@outlook.com");
            // Microsoft was told the invited address, and not asked to show its account picker
            String first = GuestpassTestResources.microsoft().lastAuthorizeQuery();
            assertTrue(first.contains("login_hint=grace%40outlook.com"), first);
            assertFalse(first.contains("prompt="), first);
            assertEquals(403, mismatch.getWebResponse().getStatusCode());
            String text = text(mismatch);
            assertTrue(text.contains("ma***@outlook.com") && text.contains("grace@outlook.com"), text);
            assertFalse(text.contains("mallory@outlook.com"), "the account that signed in is masked: " + text);

            // another account: straight to Microsoft's account picker, not back to the start page
            GuestpassTestResources.microsoft().signInNextAs(io.guestpass.devmode.LocalMicrosoftAccount.Account.of("Grace@Outlook.com "));
            HtmlPage consent = mismatch.getAnchorByText("Sign in with another account").click();
            String second = GuestpassTestResources.microsoft().lastAuthorizeQuery();
            assertTrue(second.contains("prompt=select_account") && second.contains("login_hint=grace%40outlook.com"), second);
            assertTrue(text(consent).contains("Accept the invitation from Contoso?"), text(consent));
            assertEquals(1, browser.visited().stream().filter(u -> u.endsWith("/redeem/start")).count(), browser.visited().toString());
        }
        assertEquals("PendingAcceptance", Directory.text("select status from invitation"));
    }

    @Test
    void theConsentPageNamesTheDomainWhatIsSharedAndTheTermsOfUse() throws Exception {
        InvitationService.Issued issued = invitations.invite("terms@outlook.com", "en-US");
        for (String language : new String[] {"en", "nl"}) {
            try (Browser browser = new Browser(language)) {
                GuestpassTestResources.microsoft().signInNextAs(io.guestpass.devmode.LocalMicrosoftAccount.Account.of("terms@outlook.com"));
                HtmlPage start = open(browser, issued.redeemUrl());
                assertTrue(text(start).contains("signup.live.com"), "someone without a Microsoft account learns what to do: " + text(start));
                HtmlPage consent = start.getAnchorByHref("/redeem/signin/msa").click();
                String text = text(consent);
                assertTrue(text.contains("Contoso (contoso.test)"), text);
                assertTrue(text.contains("terms@outlook.com"), text);
                assertFalse(text.contains("version 1") || text.contains("versie 1"), text);
                String terms = language.equals("en") ? "Read the terms of use" : "Lees de gebruiksvoorwaarden";
                assertEquals("https://contoso.test/terms", consent.getAnchorByText(terms).getHrefAttribute());
            }
        }
    }

    @Test
    void withoutTheMatchingAddressPolicyAnyMicrosoftAccountMayRedeem() throws Exception {
        Directory.execute("update directory_policy set require_matching_address = false");
        InvitationService.Issued issued = invitations.invite("shared-mailbox@contoso-partner.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage consent = signIn(browser, open(browser, issued.redeemUrl()), "someone@outlook.com");
            assertEquals("https://app.contoso.test/welcome", pressButton(consent, "Accept").getUrl().toString());
        }
        assertEquals(1, Directory.count("select count(*) from sign_in_identity"));
    }

    @Test
    void decliningChangesNothing() throws Exception {
        InvitationService.Issued issued = invitations.invite("dec@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage consent = signIn(browser, open(browser, issued.redeemUrl()), "dec@example.com");
            HtmlPage declined = pressButton(consent, "Decline");
            assertTrue(text(declined).contains("You declined the invitation") && text(declined).contains("Nothing was changed"), text(declined));
            assertNull(browser.client().getCookieManager().getCookie(io.guestpass.redeem.RedeemFlow.COOKIE), "state cleared");
        }
        assertEquals("PendingAcceptance", Directory.text("select status from invitation"));
        assertEquals(0, Directory.count("select count(*) from sign_in_identity"));
        assertEquals(0, Directory.count("select count(*) from consent_record"));
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'invitation.declined' and target_id = ?",
                issued.invitation().id.toString()), "declining is audited");
    }

    @Test
    void anIdentityLinkedToAnotherGuestIsRefusedAndNothingChanges() throws Exception {
        InvitationService.Issued owner = invitations.invite("owner@example.com", "en-US");
        Directory.execute("update directory_policy set require_matching_address = false");
        try (Browser browser = new Browser("en")) {
            pressButton(signIn(browser, open(browser, owner.redeemUrl()), "shared@outlook.com"), "Accept");
        }
        InvitationService.Issued other = invitations.invite("other@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage refused = signIn(browser, open(browser, other.redeemUrl()), "shared@outlook.com");
            assertEquals(409, refused.getWebResponse().getStatusCode());
            assertTrue(text(refused).contains("This Microsoft account is already in use"), text(refused));
        }
        assertEquals("PendingAcceptance", Directory.text("select status from invitation where id = ?::uuid", other.invitation().id.toString()));
        assertEquals(1, Directory.count("select count(*) from sign_in_identity"));
    }

    @Test
    void afterAResetTheGuestRedeemsAgainWithAnotherAccount() throws Exception {
        InvitationService.Issued issued = invitations.invite("first@outlook.com", "en-US");
        try (Browser browser = new Browser("en")) {
            pressButton(signIn(browser, open(browser, issued.redeemUrl()), "first@outlook.com"), "Accept");
        }
        InvitationService.Issued reset = invitations.resetRedemption(issued.user().id.toString(), "second@outlook.com");
        try (Browser browser = new Browser("en")) {
            assertTrue(text(open(browser, issued.redeemUrl())).contains("You already accepted this invitation"), "the old link stays spent");
            HtmlPage application = pressButton(signIn(browser, open(browser, reset.redeemUrl()), "second@outlook.com"), "Accept");
            assertEquals("https://app.contoso.test/welcome", application.getUrl().toString());
        }
        assertEquals(LocalMicrosoftAccount.Account.of("second@outlook.com").oid(),
                Directory.text("select issuer_assigned_id from sign_in_identity where user_id = ?::uuid", issued.user().id.toString()));
        assertEquals(1, Directory.count("select count(*) from sign_in_identity"));
        assertEquals(1, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void aRedirectOriginRemovedAfterTheInvitationWasSentStopsTheAcceptance() throws Exception {
        InvitationService.Issued issued = invitations.invite("moved@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage consent = signIn(browser, open(browser, issued.redeemUrl()), "moved@example.com");
            Directory.execute("update directory_policy set allowed_redirect_origins = '{https://other.contoso.test}'");
            HtmlPage refused = pressButton(consent, "Accept");
            assertEquals(403, refused.getWebResponse().getStatusCode());
            assertTrue(text(refused).contains("The application's address isn't allowed any more"), text(refused));
            assertFalse(browser.visited().stream().anyMatch(u -> u.startsWith("https://app.contoso.test")), "never sent there");
        }
        assertEquals("PendingAcceptance", Directory.text("select status from invitation"));
    }

    @Test
    void theDomainPolicyIsCheckedAgainAtRedemption() throws Exception {
        InvitationService.Issued issued = invitations.invite("someone@later-blocked.example", "en-US");
        Directory.execute("update directory_policy set blocked_domains = '{later-blocked.example}'");
        try (Browser browser = new Browser("en")) {
            HtmlPage refused = signIn(browser, open(browser, issued.redeemUrl()), "someone@later-blocked.example");
            assertTrue(text(refused).contains("This address can't be invited"), text(refused));
        }
        assertEquals("PendingAcceptance", Directory.text("select status from invitation"));
    }

    @Test
    void pagesSpeakDutchByAcceptLanguageOrByTheInvitationsLanguage() throws Exception {
        InvitationService.Issued english = invitations.invite("en@example.com", "en-US");
        InvitationService.Issued dutch = invitations.invite("nl@example.com", "nl-NL");
        try (Browser browser = new Browser("nl-NL,nl;q=0.9,en;q=0.5")) {
            HtmlPage start = open(browser, english.redeemUrl());
            assertTrue(text(start).contains("Contoso nodigt u uit"), text(start));
            assertEquals("nl", start.getHtmlElementDescendants().iterator().next().getPage().getDocumentElement().getAttribute("lang"));
        }
        try (Browser browser = new Browser("de-DE")) {
            assertTrue(text(open(browser, dutch.redeemUrl())).contains("Aanmelden met Microsoft-account"));
            assertTrue(text(open(browser, english.redeemUrl())).contains("Sign in with Microsoft account"));
        }
    }

    @Test
    void cookiesAreSecureHttpOnlyLaxAndScopedToRedeem() throws Exception {
        InvitationService.Issued issued = invitations.invite("cookie@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            browser.client().getOptions().setRedirectEnabled(false);
            Page link = browser.client().getPage(issued.redeemUrl());
            assertEquals(303, link.getWebResponse().getStatusCode());
            assertEquals("/redeem/start", link.getWebResponse().getResponseHeaderValue("Location"));
            assertEquals("no-referrer", link.getWebResponse().getResponseHeaderValue("Referrer-Policy"));
            Page toProvider = browser.client().getPage(BASE + "/redeem/signin/msa");
            assertEquals(302, toProvider.getWebResponse().getStatusCode());
            java.util.Set<Cookie> cookies = browser.client().getCookieManager().getCookies();
            assertEquals(2, cookies.size(), "gp_redeem and the oidc state: " + cookies);
            for (Cookie cookie : cookies) {
                assertTrue(cookie.isSecure(), cookie.getName());
                assertTrue(cookie.isHttpOnly(), cookie.getName());
                assertEquals("/redeem", cookie.getPath(), cookie.getName());
                assertEquals("lax", String.valueOf(cookie.getSameSite()).toLowerCase(), cookie.getName());
            }
        }
    }

    @Test
    void theCallbackRedirectsOnceWithOneLocation() throws Exception {
        InvitationService.Issued issued = invitations.invite("one@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            Page back = callbackResponse(browser, issued.redeemUrl(), "one@example.com");
            long locations = back.getWebResponse().getResponseHeaders().stream().filter(h -> h.getName().equalsIgnoreCase("Location")).count();
            assertEquals(1, locations, back.getWebResponse().getResponseHeaders().toString());
            assertEquals(BASE + "/redeem/signin/msa", back.getWebResponse().getResponseHeaderValue("Location"));
        }
    }

    @Test
    void failedLookUpsFromOneAddressAreThrottled() throws Exception {
        try (Browser browser = new Browser("en")) {
            for (int i = 0; i < RedeemResource.LOOKUP_FAILURES.hits(); i++) {
                assertEquals(404, open(browser, BASE + "/redeem?ticket=" + "x".repeat(42) + (char) ('a' + i % 26)).getWebResponse().getStatusCode());
            }
            HtmlPage throttled = open(browser, BASE + "/redeem?ticket=" + "y".repeat(43));
            assertEquals(429, throttled.getWebResponse().getStatusCode());
            assertNotNull(throttled.getWebResponse().getResponseHeaderValue("Retry-After"));
            assertTrue(text(throttled).contains("Too many attempts"));
            // a valid link is refused as well while the address is throttled: guessing cannot continue
            InvitationService.Issued issued = invitations.invite("thr@example.com", "en-US");
            assertEquals(429, open(browser, issued.redeemUrl()).getWebResponse().getStatusCode());
        }
    }

    @Test
    void attemptsPerTicketAreThrottled() throws Exception {
        InvitationService.Issued issued = invitations.invite("busy@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            for (int i = 0; i < RedeemResource.TICKET_ATTEMPTS.hits(); i++) {
                assertEquals(200, open(browser, issued.redeemUrl()).getWebResponse().getStatusCode());
            }
            HtmlPage throttled = open(browser, issued.redeemUrl());
            assertEquals(429, throttled.getWebResponse().getStatusCode());
            assertTrue(Long.parseLong(throttled.getWebResponse().getResponseHeaderValue("Retry-After")) > 0);
        }
    }

    @Test
    void theLinkItselfChangesNothingSoMailScannersCannotSpendIt() throws Exception {
        InvitationService.Issued issued = invitations.invite("scan@example.com", "en-US");
        String before = Directory.fingerprint();
        try (Browser scanner = new Browser("en")) {
            open(scanner, issued.redeemUrl());
            open(scanner, issued.redeemUrl());
        }
        assertEquals(before, Directory.fingerprint());
    }
}
