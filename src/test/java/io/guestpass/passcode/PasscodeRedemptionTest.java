package io.guestpass.passcode;

import io.guestpass.directory.EmailAddress;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Simultaneously;
import io.guestpass.fixtures.TestClock;
import io.guestpass.graph.invitations.InvitationService;
import io.guestpass.redeem.Invitations;
import io.guestpass.redeem.RedeemRole;
import io.guestpass.web.Languages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import static io.guestpass.passcode.PasscodeBrowser.newestCodeFor;
import static io.guestpass.passcode.PasscodeBrowser.press;
import static io.guestpass.passcode.PasscodeBrowser.typeCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redeeming an invitation with an email one-time passcode (the redeem function): the code goes to the invited address
 * through the outbox and a real SMTP server, and every way a code can be refused.
 */
@QuarkusTest
@TestProfile(RedeemRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class PasscodeRedemptionTest {

    static final String BUTTON = "Sign in with a one-time code by email";

    @Inject
    Invitations invitations;

    @Inject
    PasscodeChallenges challenges;

    @Inject
    TestClock clock;

    @BeforeEach
    void emptyDirectoryAndMailbox() throws Exception {
        Directory.reset();
        GuestpassTestResources.smtp().purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void realTimeAgain() {
        clock.reset();
    }

    /** The link → the passcode button → "Send code": the code page. */
    private static HtmlPage codeSent(Browser browser, InvitationService.Issued issued) throws Exception {
        HtmlPage start = browser.client().getPage(issued.redeemUrl());
        HtmlPage send = start.getAnchorByText(BUTTON).click();
        assertTrue(send.asNormalizedText().contains(issued.invitation().invitedEmail), send.asNormalizedText());
        assertTrue(send.getByXPath("//input[@name='email']").isEmpty(), "the invited address is not typed");
        return press(send, "Send code");
    }

    @Test
    void anInviteeProvesTheInvitedAddressWithACodeAndLandsOnTheApplication() throws Exception {
        InvitationService.Issued issued = invitations.invite("Grace@Example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage codePage = codeSent(browser, issued);
            assertEquals(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/signin/passcode/verify", codePage.getUrl().toString());
            assertTrue(codePage.asNormalizedText().contains("We sent a code to Grace@Example.com. It is valid for 30 minutes."),
                    codePage.asNormalizedText());
            assertEquals("one-time-code", codePage.getHtmlElementById("field-code").getAttribute("autocomplete"));

            // queued, sealed: neither the challenge nor the queued mail holds the code in the clear
            assertEquals(1, Directory.count("select count(*) from mail_message where kind = 'Passcode' and status = 'queued'"));
            String code = newestCodeFor("Grace@Example.com");
            assertEquals(32, Directory.count("select length(code_mac) from passcode_challenge"), "an HMAC-SHA-256, not the code");
            assertEquals(0, Directory.count("select count(*) from passcode_challenge where position(convert_to(?, 'UTF8') in code_mac) > 0 "
                    + "or encode(code_mac, 'hex') = encode(sha256(convert_to(?, 'UTF8')), 'hex')", code, code), "neither the code nor its plain hash");
            assertEquals(0, Directory.count("select count(*) from mail_message where sealed_content is not null"), "a sent mail is erased");

            MimeMessage mail = PasscodeBrowser.mailsTo("Grace@Example.com").get(0);
            assertEquals("Your code for Contoso: " + code, mail.getSubject());
            String body = PasscodeBrowser.text(mail);
            assertTrue(body.contains("asked Contoso for a code"), body);
            assertTrue(body.contains("valid for 30 minutes"), body);
            assertTrue(body.contains("If you did not ask for a code, ignore this email"), body);
            assertFalse(body.contains("https://id.contoso.test"), "no link that signs in by itself");
            assertFalse(com.icegreen.greenmail.util.GreenMailUtil.getBody(mail).contains("href="), "no link in the HTML part either");

            HtmlPage consent = typeCode(codePage, code.substring(0, 4) + " " + code.substring(4));
            assertEquals(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/consent", consent.getUrl().toString(), consent.asNormalizedText());
            HtmlPage application = press(consent, "Accept");
            assertEquals("https://app.contoso.test/welcome", application.getUrl().toString());
        }
        String userId = issued.user().id.toString();
        assertEquals("Accepted", Directory.text("select external_user_state from guest_user where id = ?::uuid", userId));
        assertEquals("grace@example.com", Directory.text("select issuer_assigned_id from sign_in_identity where user_id = ?::uuid "
                + "and issuer = 'mail'", userId));
        assertEquals("used", Directory.text("select ended_reason from passcode_challenge"));
    }

    @Test
    void theMailIsInTheLanguageOfThePage() throws Exception {
        InvitationService.Issued issued = invitations.invite("hedy@example.com", "en-US");
        try (Browser browser = new Browser("nl")) {
            HtmlPage start = browser.client().getPage(issued.redeemUrl());
            HtmlPage send = start.getAnchorByText("Aanmelden met een eenmalige code per e-mail").click();
            HtmlPage codePage = press(send, "Code sturen");
            assertTrue(codePage.asNormalizedText().contains("Vul uw code in"), codePage.asNormalizedText());
            String code = newestCodeFor("hedy@example.com");
            MimeMessage mail = PasscodeBrowser.mailsTo("hedy@example.com").get(0);
            assertEquals("Uw code voor Contoso: " + code, mail.getSubject());
            assertTrue(PasscodeBrowser.text(mail).contains("30 minuten geldig en werkt één keer"), PasscodeBrowser.text(mail));
        }
    }

    @Test
    void aWrongCodeIsNamedBesideTheFieldAndInTheSummary() throws Exception {
        InvitationService.Issued issued = invitations.invite("ada@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage codePage = codeSent(browser, issued);
            String code = newestCodeFor("ada@example.com");
            HtmlPage wrong = typeCode(codePage, otherThan(code));
            assertEquals(400, wrong.getWebResponse().getStatusCode());
            assertEquals("That code isn't right. Check the email and try again.", wrong.getHtmlElementById("field-code-error").asNormalizedText());
            assertEquals("true", wrong.getHtmlElementById("field-code").getAttribute("aria-invalid"));
            assertTrue(wrong.asNormalizedText().contains("There is a problem"), wrong.asNormalizedText());
            assertEquals("#field-code", wrong.getAnchorByText("Code from the email (8 digits): That code isn't right. Check the email and try again.")
                    .getHrefAttribute());
            HtmlPage notACode = typeCode(wrong, "12ab");
            assertEquals("Enter the 8 digits of the code from the email", notACode.getHtmlElementById("field-code-error").asNormalizedText());
            assertEquals(1, Directory.count("select attempts from passcode_challenge"), "a malformed code spends no attempt");
            assertEquals(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/consent", typeCode(notACode, code).getUrl().toString());
        }
    }

    @Test
    void aCodeIsRefusedOnceThirtyMinutesHavePassed() throws Exception {
        EmailAddress address = EmailAddress.parse("late@example.com", "email");
        UUID id = PasscodeBrowser.await(() -> challenges.issue("redeem", address, true, Languages.ENGLISH));
        String code = newestCodeFor("late@example.com");
        clock.advance(Duration.ofMinutes(31));
        assertEquals(PasscodeChallenges.Verdict.EXPIRED, PasscodeBrowser.await(() -> challenges.verify(id, "redeem", code)).verdict());
        clock.reset();

        // in the browser: a code past its 30 minutes is named as such (the journey itself is still alive here)
        InvitationService.Issued issued = invitations.invite("ada@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage codePage = codeSent(browser, issued);
            String mailed = newestCodeFor("ada@example.com");
            Directory.execute("update passcode_challenge set expires_at = now() - interval '1 minute' where ended_at is null");
            HtmlPage expired = typeCode(codePage, mailed);
            assertEquals(400, expired.getWebResponse().getStatusCode());
            assertEquals("This code has expired. Send a new code.", expired.getHtmlElementById("field-code-error").asNormalizedText());
            assertEquals("PendingAcceptance", Directory.text("select external_user_state from guest_user"));
        }
    }

    @Test
    void fiveWrongCodesKillTheCodeAndOnlyANewOneHelps() throws Exception {
        InvitationService.Issued issued = invitations.invite("ada@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage page = codeSent(browser, issued);
            String code = newestCodeFor("ada@example.com");
            for (int attempt = 1; attempt <= 4; attempt++) {
                page = typeCode(page, otherThan(code));
                assertEquals("That code isn't right. Check the email and try again.", page.getHtmlElementById("field-code-error").asNormalizedText());
            }
            page = typeCode(page, otherThan(code));
            assertEquals("Too many wrong codes. Send a new code and enter that one.", page.getHtmlElementById("field-code-error").asNormalizedText());
            page = typeCode(page, code);
            assertEquals(400, page.getWebResponse().getStatusCode());
            assertEquals("Too many wrong codes. Send a new code and enter that one.", page.getHtmlElementById("field-code-error").asNormalizedText());
            assertEquals("exhausted", Directory.text("select ended_reason from passcode_challenge"));

            HtmlPage fresh = press(page, "Send a new code");
            assertEquals(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/consent", typeCode(fresh, newestCodeFor("ada@example.com"))
                    .getUrl().toString());
        }
    }

    @Test
    void aNewCodeRetiresTheOldOne() throws Exception {
        InvitationService.Issued issued = invitations.invite("ada@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage page = codeSent(browser, issued);
            Cookie firstChallenge = browser.client().getCookieManager().getCookie(PasscodePages.COOKIE);
            String first = newestCodeFor("ada@example.com");
            page = press(page, "Send a new code");
            Cookie secondChallenge = browser.client().getCookieManager().getCookie(PasscodePages.COOKIE);
            String second = newestCodeFor("ada@example.com");
            assertEquals(2, PasscodeBrowser.mailsTo("ada@example.com").size());
            assertEquals("superseded", Directory.text("select ended_reason from passcode_challenge order by created_at limit 1"));
            // the first code, even with the first challenge's cookie, is dead
            browser.client().getCookieManager().addCookie(firstChallenge);
            HtmlPage refused = typeCode(page, first);
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertEquals("This code can't be used any more (a newer one was sent, or it was used). Send a new code.",
                    refused.getHtmlElementById("field-code-error").asNormalizedText());
            browser.client().getCookieManager().addCookie(secondChallenge);
            assertEquals(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/consent", typeCode(refused, second).getUrl().toString());
        }
    }

    @Test
    void aUsedCodeCannotBeUsedAgain() throws Exception {
        InvitationService.Issued issued = invitations.invite("ada@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage codePage = codeSent(browser, issued);
            Cookie challenge = browser.client().getCookieManager().getCookie(PasscodePages.COOKIE);
            String code = newestCodeFor("ada@example.com");
            assertEquals(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/consent", typeCode(codePage, code).getUrl().toString());
            assertEquals(null, browser.client().getCookieManager().getCookie(PasscodePages.COOKIE), "the challenge cookie is gone");
            // the same form and cookie again (a replay): the code is spent
            browser.client().getCookieManager().addCookie(challenge);
            HtmlPage replay = typeCode(codePage, code);
            assertEquals(400, replay.getWebResponse().getStatusCode());
            assertEquals("This code can't be used any more (a newer one was sent, or it was used). Send a new code.",
                    replay.getHtmlElementById("field-code-error").asNormalizedText());
        }
    }

    @Test
    void twoSimultaneousSubmissionsOfTheRightCodeGiveOneSuccess() throws Exception {
        EmailAddress address = EmailAddress.parse("race@example.com", "email");
        UUID id = PasscodeBrowser.await(() -> challenges.issue("redeem", address, true, Languages.ENGLISH));
        String code = newestCodeFor("race@example.com");
        Callable<PasscodeChallenges.Verdict> submit = () -> PasscodeBrowser.await(
                () -> challenges.verify(id, "redeem", code)).verdict();
        for (int round = 0; round < 3; round++) {
            List<PasscodeChallenges.Verdict> verdicts = Simultaneously.call(List.of(submit, submit));
            if (round == 0) {
                assertEquals(1, verdicts.stream().filter(v -> v == PasscodeChallenges.Verdict.VERIFIED).count(), verdicts.toString());
                assertTrue(verdicts.contains(PasscodeChallenges.Verdict.SPENT), verdicts.toString());
            } else {
                assertFalse(verdicts.contains(PasscodeChallenges.Verdict.VERIFIED), "never again: " + verdicts);
            }
        }
        assertEquals(1, Directory.count("select count(*) from passcode_challenge where ended_reason = 'used'"));
    }

    @Test
    void aCodeTypedInAnotherBrowserDoesNothing() throws Exception {
        InvitationService.Issued issued = invitations.invite("ada@example.com", "en-US");
        try (Browser asked = new Browser("en"); Browser other = new Browser("en")) {
            HtmlPage codePage = codeSent(asked, issued);
            String code = newestCodeFor("ada@example.com");
            // the other browser opens the same link and posts the code without having asked for it
            HtmlPage start = other.client().getPage(issued.redeemUrl());
            HtmlPage send = start.getAnchorByText(BUTTON).click();
            String csrf = send.getForms().get(0).getInputByName("csrf").getValue();
            HtmlPage refused = other.client().getPage(post("/redeem/signin/passcode/verify", "csrf=" + csrf + "&code=" + code));
            assertEquals(400, refused.getWebResponse().getStatusCode());
            assertTrue(refused.asNormalizedText().contains("No code was sent in this browser"), refused.asNormalizedText());
            assertEquals(0, Directory.count("select attempts from passcode_challenge"), "the code was not even tried");
            // the browser that asked still can
            assertEquals(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/consent", typeCode(codePage, code).getUrl().toString());
        }
    }

    @Test
    void codesForOneAddressAreThrottled() throws Exception {
        InvitationService.Issued issued = invitations.invite("ada@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage page = codeSent(browser, issued);
            for (int sent = 2; sent <= 5; sent++) {
                page = press(page, "Send a new code");
                assertEquals(200, page.getWebResponse().getStatusCode(), page.asNormalizedText());
            }
            HtmlPage throttled = press(page, "Send a new code");
            assertEquals(429, throttled.getWebResponse().getStatusCode());
            assertTrue(throttled.asNormalizedText().contains("Too many codes asked for"), throttled.asNormalizedText());
            assertTrue(Integer.parseInt(throttled.getWebResponse().getResponseHeaderValue("Retry-After")) > 0);
            PasscodeBrowser.workerSendsMail();
            assertEquals(5, PasscodeBrowser.mailsTo("ada@example.com").size());
            assertEquals(5, Directory.count("select count(*) from passcode_challenge"));
        }
    }

    @Test
    void redemptionOffersExactlyThePolicysProvidersInItsOrder() throws Exception {
        InvitationService.Issued issued = invitations.invite("ada@example.com", "en-US");
        try (Browser browser = new Browser("en")) {
            Directory.execute("update directory_policy set redemption_providers = '{EmailOtpSignup-OAUTH,MSASignup-OAUTH}'");
            HtmlPage start = browser.client().getPage(issued.redeemUrl());
            List<String> hrefs = start.getAnchors().stream().map(a -> a.getHrefAttribute()).filter(h -> h.startsWith("/redeem/signin/")).toList();
            assertEquals(List.of("/redeem/signin/passcode", "/redeem/signin/msa"), hrefs);

            Directory.execute("update directory_policy set redemption_providers = '{MSASignup-OAUTH}'");
            start = browser.client().getPage(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/start");
            assertEquals(List.of("/redeem/signin/msa"), start.getAnchors().stream().map(a -> a.getHrefAttribute())
                    .filter(h -> h.startsWith("/redeem/signin/")).toList());
            HtmlPage notOffered = browser.client().getPage(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/signin/passcode");
            assertEquals(403, notOffered.getWebResponse().getStatusCode());
            assertTrue(notOffered.asNormalizedText().contains("isn't available here"), notOffered.asNormalizedText());
        }
    }

    @Test
    void aProviderThePolicyDoesNotListIsRefusedEvenWhenItsAddressIsTypedByHand() throws Exception {
        InvitationService.Issued issued = invitations.invite("ada@example.com", "en-US");
        Directory.execute("update directory_policy set redemption_providers = '{EmailOtpSignup-OAUTH}'");
        try (Browser browser = new Browser("en")) {
            HtmlPage start = browser.client().getPage(issued.redeemUrl());
            assertEquals(List.of("/redeem/signin/passcode"), start.getAnchors().stream().map(a -> a.getHrefAttribute())
                    .filter(h -> h.startsWith("/redeem/signin/")).toList());
            GuestpassTestResources.microsoft().signInNextAs(io.guestpass.devmode.LocalMicrosoftAccount.Account.of("ada@example.com"));
            HtmlPage refused = browser.client().getPage(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/signin/msa");
            assertEquals(403, refused.getWebResponse().getStatusCode());
            assertTrue(refused.asNormalizedText().contains("doesn't let invitations be accepted with Microsoft Account"),
                    refused.asNormalizedText());
        }
        assertEquals(0, Directory.count("select count(*) from sign_in_identity"), "no identity was linked");
        assertEquals("PendingAcceptance", Directory.text("select external_user_state from guest_user"));
    }

    private static org.htmlunit.WebRequest post(String path, String body) throws Exception {
        org.htmlunit.WebRequest request = new org.htmlunit.WebRequest(new java.net.URL(GuestpassTestResources.PUBLIC_BASE_URL + path),
                org.htmlunit.HttpMethod.POST);
        request.setAdditionalHeader("Content-Type", "application/x-www-form-urlencoded");
        request.setRequestBody(body);
        return request;
    }

    private static String otherThan(String code) {
        return code.equals("00000000") ? "11111111" : "00000000";
    }
}
