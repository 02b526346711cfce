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
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTextInput;
import org.htmlunit.html.HtmlEmailInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** A person clicks through the whole flow in a browser: the email's link, Microsoft sign-in, consent, the application. */
@QuarkusTest
@TestProfile(RedeemRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class RedeemFlowTest {

    @Inject
    Invitations invitations;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    static HtmlPage signInAtMicrosoft(HtmlPage start, String email) throws Exception {
        HtmlPage login = start.getAnchorByText("Sign in with Microsoft account").click();
        assertTrue(login.asNormalizedText().contains("not Microsoft"), "the stand-in says what it is: " + login.asNormalizedText());
        // Microsoft was given the invited address (login_hint) and shows it; the person may still change it
        org.htmlunit.html.HtmlInput address = login.getHtmlElementById("email");
        address.setValue("");
        address.type(email);
        return login.getHtmlElementById("signin").click();
    }

    @Test
    void anInviteeRedeemsWithTheirMicrosoftAccountAndLandsOnTheApplication() throws Exception {
        InvitationService.Issued issued = invitations.invite("Ada@Outlook.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage start = browser.client().getPage(issued.redeemUrl());
            assertEquals(200, start.getWebResponse().getStatusCode(), start.asNormalizedText());
            assertEquals(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/start", start.getUrl().toString(), "no ticket in the address bar");
            String text = start.asNormalizedText();
            assertTrue(text.contains("Contoso invites you"), text);
            assertTrue(text.contains("Ada@Outlook.com"), text);
            assertEquals("no-referrer", start.getWebResponse().getResponseHeaderValue("Referrer-Policy"));
            assertEquals("no-store", start.getWebResponse().getResponseHeaderValue("Cache-Control"));
            assertTrue(start.getWebResponse().getResponseHeaderValue("Content-Security-Policy").contains("frame-ancestors 'none'"));

            HtmlPage consent = signInAtMicrosoft(start, "ada@outlook.com");
            String authorize = GuestpassTestResources.microsoft().lastAuthorizeQuery();
            assertTrue(authorize.contains("code_challenge_method=S256"), authorize);
            assertTrue(authorize.contains("login_hint=Ada%40Outlook.com"), "the invited address reaches Microsoft: " + authorize);
            assertFalse(authorize.contains("prompt="), "no account picker forced: " + authorize);
            assertTrue(authorize.contains("response_mode=query"), authorize);
            assertTrue(authorize.contains("nonce="), authorize);
            assertTrue(authorize.contains("redirect_uri=https%3A%2F%2Fid.contoso.test%2Fredeem%2Fcallback"), authorize);
            assertFalse(authorize.contains("ticket"), "the ticket never travels to the provider");
            assertEquals(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/consent", consent.getUrl().toString(), consent.asNormalizedText());
            assertTrue(consent.asNormalizedText().contains("Accept the invitation from Contoso?"), consent.asNormalizedText());

            HtmlPage application = ((HtmlForm) consent.getElementsByTagName("form").get(0)).<HtmlButton>getOneHtmlElementByAttribute(
                    "button", "type", "submit").click();
            assertEquals("https://app.contoso.test/welcome", application.getUrl().toString());
            // the provider's session and state cookies and our journey state are gone; Guestpass's own SSO session begins
            assertEquals(java.util.Set.of(io.guestpass.federation.SsoSessions.COOKIE), browser.client().getCookieManager().getCookies()
                    .stream().map(org.htmlunit.util.Cookie::getName).collect(java.util.stream.Collectors.toSet()),
                    "only Guestpass's SSO session is left: " + browser.client().getCookieManager().getCookies());
            assertEquals(1, Directory.count("select count(*) from sso_session where user_id = ?::uuid and revoked_at is null",
                    issued.user().id.toString()));

            String userId = issued.user().id.toString();
            assertEquals("Accepted", Directory.text("select external_user_state from guest_user where id = ?::uuid", userId));
            assertEquals(LocalMicrosoftAccount.Account.of("ada@outlook.com").oid(),
                    Directory.text("select issuer_assigned_id from sign_in_identity where user_id = ?::uuid and issuer = 'MicrosoftAccount'", userId));
            assertEquals(LocalMicrosoftAccount.pairwiseSubject(GuestpassTestResources.MSA_CLIENT_ID, LocalMicrosoftAccount.Account.of("ada@outlook.com").oid()),
                    Directory.text("select subject from sign_in_identity where user_id = ?::uuid", userId));
            assertEquals("Completed", Directory.text("select status from invitation where id = ?::uuid", issued.invitation().id.toString()));
            assertEquals("Redeemed", Directory.text("select retired_reason from redeem_ticket"));
            assertEquals("1", Directory.text("select terms_version from consent_record where user_id = ?::uuid", userId));
            assertEquals(1, Directory.count("select count(*) from audit_event where action = 'invitation.redeemed'"));

            // the link again: accepted, a way on to the application, and no sign-in
            HtmlPage again = browser.client().getPage(issued.redeemUrl());
            assertTrue(again.asNormalizedText().contains("You already accepted this invitation"), again.asNormalizedText());
            assertEquals("https://app.contoso.test/welcome", again.getAnchorByText("Continue to the application").getHrefAttribute());
        }
    }
}
