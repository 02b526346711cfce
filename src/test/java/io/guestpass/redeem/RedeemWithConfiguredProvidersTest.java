package io.guestpass.redeem;

import io.guestpass.directory.ConfiguredIdentityProvider;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.devmode.StandInOpenIdProvider;
import io.guestpass.fixtures.StandInFacebook;
import io.guestpass.graph.invitations.InvitationService;
import io.guestpass.platform.DataCipher;
import io.guestpass.signup.UserFlows;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redemption with providers an administrator configured: Google (its local stand-in) redeems with the invited, verified
 * address; an address Google did not verify redeems nothing; Facebook, which vouches for no address, is never offered nor
 * reachable at redemption's sign-in path.
 */
@QuarkusTest
@TestProfile(RedeemRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class RedeemWithConfiguredProvidersTest {

    @Inject
    Invitations invitations;

    @Inject
    DataCipher cipher;

    @BeforeEach
    void googleAndFacebookConfigured() {
        Directory.reset();
        UserFlows.socialProvider(cipher, null, ConfiguredIdentityProvider.Type.Google, GuestpassTestResources.GOOGLE_CLIENT_ID,
                GuestpassTestResources.GOOGLE_CLIENT_SECRET);
        // Facebook as its stand-in knows it: were its round trip reachable from redemption, it would sign someone in
        UserFlows.socialProvider(cipher, null, ConfiguredIdentityProvider.Type.Facebook, GuestpassTestResources.FACEBOOK_CLIENT_ID,
                GuestpassTestResources.FACEBOOK_CLIENT_SECRET);
        // the invitation policy lets Google redeem; Facebook in the row (the API refuses to put it there) is still never offered
        Directory.execute("update directory_policy set redemption_providers = '{MSASignup-OAUTH,Google-OAUTH,Facebook-OAUTH}'");
    }

    private static HtmlPage startPage(Browser browser, InvitationService.Issued issued) throws Exception {
        HtmlPage start = RedeemSteps.open(browser, issued.redeemUrl());
        String html = start.getWebResponse().getContentAsString();
        assertTrue(html.contains("href=\"/redeem/signin/google\""), html);
        assertFalse(html.contains("/redeem/signin/facebook"), "Facebook never redeems: " + html);
        return start;
    }

    @Test
    void aGoogleAccountWithTheInvitedVerifiedAddressRedeemsAsAGoogleIdentity() throws Exception {
        String email = "grace-" + UUID.randomUUID() + "@gmail.com";
        String subject = "1" + Math.abs(UUID.randomUUID().getMostSignificantBits());
        InvitationService.Issued issued = invitations.invite(email, "en-US");
        GuestpassTestResources.google().signInNextAs(new StandInOpenIdProvider.Account(subject, email, true, "Grace"));
        try (Browser browser = new Browser("en")) {
            HtmlPage consent = startPage(browser, issued).getAnchorByHref("/redeem/signin/google").click();
            assertEquals("https://app.contoso.test/welcome", RedeemSteps.pressButton(consent, "Accept").getUrl().toString());
        }
        assertEquals(1, Directory.count("select count(*) from sign_in_identity where issuer = 'google.com' and issuer_assigned_id = ?", subject));
        assertEquals(1, Directory.count("select count(*) from invitation where status = 'Completed'"));
    }

    @Test
    void anAddressGoogleDidNotVerifyRedeemsNothing() throws Exception {
        String email = "unverified-" + UUID.randomUUID() + "@gmail.com";
        InvitationService.Issued issued = invitations.invite(email, "en-US");
        GuestpassTestResources.google().signInNextAs(new StandInOpenIdProvider.Account("2" + UUID.randomUUID(), email, false, "U"));
        try (Browser browser = new Browser("en")) {
            HtmlPage refused = startPage(browser, issued).getAnchorByHref("/redeem/signin/google").click();
            assertEquals(403, refused.getWebResponse().getStatusCode(), refused.asNormalizedText());
            assertTrue(refused.asNormalizedText().contains("Your account didn't confirm an email address"), refused.asNormalizedText());
            // another account means another Google account, not Microsoft's picker
            assertTrue(refused.getAnchorByText("Sign in with another account").getHrefAttribute().endsWith("/redeem/signin/google?another=1"));
        }
        assertEquals(0, Directory.count("select count(*) from sign_in_identity"));
        assertEquals(0, Directory.count("select count(*) from invitation where status <> 'PendingAcceptance'"));
    }

    @Test
    void facebookCannotBeReachedAtRedemptionsSignInPathEither() throws Exception {
        String email = "facebook-" + UUID.randomUUID() + "@example.com";
        InvitationService.Issued issued = invitations.invite(email, "en-US");
        GuestpassTestResources.facebook().signInNextAs(StandInFacebook.Account.withEmail("Invitee", email));
        try (Browser browser = new Browser("en")) {
            startPage(browser, issued);
            HtmlPage refused = browser.client().getPage(GuestpassTestResources.PUBLIC_BASE_URL + "/redeem/signin/facebook");
            assertTrue(refused.getWebResponse().getStatusCode() >= 400, refused.asNormalizedText());
            assertTrue(refused.asNormalizedText().contains("Sign-in didn't complete"), refused.asNormalizedText());
            assertTrue(browser.visited().stream().noneMatch(url -> url.startsWith(GuestpassTestResources.facebook().base())),
                    browser.visited().toString());
        }
        assertEquals(0, Directory.count("select count(*) from sign_in_identity"));
        assertEquals(1, Directory.count("select count(*) from invitation where status = 'PendingAcceptance'"));
    }
}
