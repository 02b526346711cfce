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
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.UUID;

import static io.guestpass.redeem.RedeemSteps.open;
import static io.guestpass.redeem.RedeemSteps.pressButton;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Which signed-in address may redeem: only a verified address in its canonical form, compared exactly (no Unicode
 * look-alikes, never preferred_username), and the domain lists apply to it even when it need not match the invited one.
 */
@QuarkusTest
@TestProfile(RedeemRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class RedeemAddressTest {

    @Inject
    Invitations invitations;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    /** Signs in as an account whose claims are exactly these ({@code null}: the claim is absent). */
    private static HtmlPage signInWithClaims(Browser browser, String redeemUrl, String email, String preferredUsername) throws IOException {
        HtmlPage start = open(browser, redeemUrl);
        GuestpassTestResources.microsoft().signInNextAs(
                new LocalMicrosoftAccount.Account(email, UUID.randomUUID().toString(), "Someone", preferredUsername));
        return start.getAnchorByHref("/redeem/signin/msa").click();
    }

    private static void assertRefused(HtmlPage page, String heading) {
        assertEquals(403, page.getWebResponse().getStatusCode(), page.asNormalizedText());
        assertTrue(page.asNormalizedText().contains(heading), page.asNormalizedText());
        assertFalse(page.asNormalizedText().contains("Accept the invitation"), page.asNormalizedText());
        // straight to Microsoft's account picker
        assertTrue(page.getAnchorByText("Sign in with another account").getHrefAttribute().endsWith("/redeem/signin/msa?another=1"));
    }

    private static void assertNothingRedeemed() {
        assertEquals(0, Directory.count("select count(*) from invitation where status <> 'PendingAcceptance'"));
        assertEquals(0, Directory.count("select count(*) from guest_user where external_user_state <> 'PendingAcceptance'"));
        assertEquals(0, Directory.count("select count(*) from sign_in_identity"));
        assertEquals(0, Directory.count("select count(*) from consent_record"));
    }

    @ParameterizedTest(name = "{1} is not {0}")
    @CsvSource({
            "grace@outlook.com, ＧＲＡＣＥ@outlook.com",
            "grace@outlook.com, grace@ｏｕｔｌｏｏｋ.com",
            "kelly@outlook.com, \u212Aelly@outlook.com",
            "kelly@outlook.com, kelly@outloo\u212A.com",
            "tim@example.com, t\u0130m@example.com",
            "tim@example.com, t\u0131m@example.com",
            "tim@example.com, tim@exampl\u0130.com",
            "sam@example.se, \u017Fam@example.se",
            "sam@example.se, sam@example.\u017Fe",
    })
    void aLookAlikeAddressIsAMismatchEvenWhenPreferredUsernameMatches(String invited, String signedIn) throws Exception {
        InvitationService.Issued issued = invitations.invite(invited, "en-US");
        try (Browser browser = new Browser("en")) {
            assertRefused(signInWithClaims(browser, issued.redeemUrl(), signedIn, invited), "This account doesn't match the invitation");
        }
        assertNothingRedeemed();
    }

    @Test
    void preferredUsernameNeverStandsInForEmail() throws Exception {
        InvitationService.Issued issued = invitations.invite("grace@outlook.com", "en-US");
        try (Browser browser = new Browser("en")) {
            assertRefused(signInWithClaims(browser, issued.redeemUrl(), "mallory@outlook.com", "grace@outlook.com"),
                    "This account doesn't match the invitation");
            assertRefused(signInWithClaims(browser, issued.redeemUrl(), null, "grace@outlook.com"),
                    "Your account didn't confirm an email address");
        }
        assertNothingRedeemed();
        // the account that really carries the address still redeems, and the comparison ignores ASCII case only
        try (Browser browser = new Browser("en")) {
            HtmlPage consent = signInWithClaims(browser, issued.redeemUrl(), "GRACE@Outlook.COM", null);
            assertEquals("https://app.contoso.test/welcome", pressButton(consent, "Accept").getUrl().toString());
        }
    }

    @Test
    void withoutMatchingTheAllowListStillAppliesToTheRedeemingAddress() throws Exception {
        Directory.execute("update directory_policy set require_matching_address = false, allowed_domains = '{partner.example}'");
        InvitationService.Issued issued = invitations.invite("shared@partner.example", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage refused = signInWithClaims(browser, issued.redeemUrl(), "someone@outlook.com", "someone@outlook.com");
            assertRefused(refused, "This account's address isn't allowed");
            assertTrue(refused.asNormalizedText().contains("so***@outlook.com"), refused.asNormalizedText());
            assertRefused(signInWithClaims(browser, issued.redeemUrl(), "someone@partner.example.evil.com", null),
                    "This account's address isn't allowed");
            assertRefused(signInWithClaims(browser, issued.redeemUrl(), null, "bob@partner.example"),
                    "Your account didn't confirm an email address");
        }
        assertNothingRedeemed();
        try (Browser browser = new Browser("en")) {
            HtmlPage consent = signInWithClaims(browser, issued.redeemUrl(), "bob@eu.partner.example", null);
            assertEquals("https://app.contoso.test/welcome", pressButton(consent, "Accept").getUrl().toString());
        }
        assertEquals(1, Directory.count("select count(*) from sign_in_identity"));
    }

    @Test
    void withoutMatchingTheBlockListStillAppliesToTheRedeemingAddress() throws Exception {
        Directory.execute("update directory_policy set require_matching_address = false, blocked_domains = '{outlook.com}'");
        InvitationService.Issued issued = invitations.invite("shared@partner.example", "en-US");
        try (Browser browser = new Browser("en")) {
            assertRefused(signInWithClaims(browser, issued.redeemUrl(), "someone@outlook.com", null), "This account's address isn't allowed");
            assertRefused(signInWithClaims(browser, issued.redeemUrl(), "someone@eu.outlook.com", null), "This account's address isn't allowed");
            assertRefused(signInWithClaims(browser, issued.redeemUrl(), "someone@outloo\u212A.com", null), "This account's address isn't allowed");
            assertRefused(signInWithClaims(browser, issued.redeemUrl(), null, "someone@hotmail.com"),
                    "Your account didn't confirm an email address");
        }
        assertNothingRedeemed();
        try (Browser browser = new Browser("en")) {
            HtmlPage consent = signInWithClaims(browser, issued.redeemUrl(), "someone@hotmail.com", null);
            assertEquals("https://app.contoso.test/welcome", pressButton(consent, "Accept").getUrl().toString());
        }
    }

    @Test
    void theRefusalsSpeakDutchToo() throws Exception {
        InvitationService.Issued issued = invitations.invite("grace@outlook.com", "nl-NL");
        try (Browser browser = new Browser("nl")) {
            HtmlPage refused = signInWithClaims(browser, issued.redeemUrl(), null, "grace@outlook.com");
            assertTrue(refused.asNormalizedText().contains("Uw account heeft geen e-mailadres bevestigd"), refused.asNormalizedText());
        }
    }
}
