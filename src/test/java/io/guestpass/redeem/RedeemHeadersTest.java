package io.guestpass.redeem;

import io.guestpass.graph.invitations.InvitationRequest;
import io.guestpass.graph.invitations.InvitationService;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static io.guestpass.redeem.RedeemSteps.*;
import static org.junit.jupiter.api.Assertions.*;

/** Headers and cookies of the redeem function: HSTS on every answer, redirects whose Location is ASCII, an ID-token-only session. */
@QuarkusTest
@TestProfile(RedeemRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class RedeemHeadersTest {

    static final String HSTS = "max-age=31536000; includeSubDomains";

    @Inject
    Invitations invitations;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    @Test
    void pagesRedirectsAndErrorsCarryHsts() throws Exception {
        InvitationService.Issued issued = invitations.invite("hsts@outlook.com", "en-US");
        try (Browser browser = new Browser("en")) {
            HtmlPage start = open(browser, issued.redeemUrl());
            assertEquals(HSTS, start.getWebResponse().getResponseHeaderValue("Strict-Transport-Security"));
            assertEquals(HSTS, open(browser, BASE + "/redeem?ticket=unknown").getWebResponse().getResponseHeaderValue("Strict-Transport-Security"));
            browser.client().getOptions().setRedirectEnabled(false);
            Page toProvider = browser.client().getPage(BASE + "/redeem/signin/msa");
            assertEquals(302, toProvider.getWebResponse().getStatusCode());
            assertEquals(HSTS, toProvider.getWebResponse().getResponseHeaderValue("Strict-Transport-Security"));
            // a path of another function: Graph's 404, with HSTS too
            Page elsewhere = browser.client().getPage(BASE + "/v1.0/users");
            assertEquals(404, elsewhere.getWebResponse().getStatusCode());
            assertEquals(HSTS, elsewhere.getWebResponse().getResponseHeaderValue("Strict-Transport-Security"));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "https://app.contoso.test/wëlcome?name=Zoë, https://app.contoso.test/w%C3%ABlcome?name=Zo%C3%AB",
            "https://bücher.example/start, https://xn--bcher-kva.example/start",
    })
    void theRedirectAfterAcceptanceIsInAscii(String inviteRedirectUrl, String location) throws Exception {
        Directory.execute("update directory_policy set allowed_redirect_origins = "
                + "array_append(allowed_redirect_origins, 'https://xn--bcher-kva.example')");
        InvitationService.Issued issued = invitations.invite(new InvitationRequest("zoe@outlook.com", inviteRedirectUrl, null, false,
                null, null, null, null));
        try (Browser browser = new Browser("en")) {
            HtmlPage consent = signIn(browser, open(browser, issued.redeemUrl()), "zoe@outlook.com");
            browser.client().getOptions().setRedirectEnabled(false);
            Page accepted = post(browser, "/redeem/accept", "csrf=" + csrfOf(consent));
            assertEquals(303, accepted.getWebResponse().getStatusCode());
            assertEquals(location, accepted.getWebResponse().getResponseHeaderValue("Location"));
        }
        assertEquals("Completed", Directory.text("select status from invitation"));
    }

    /** The provider session cookie holds the ID token alone: no access or refresh token sits in the browser. */
    @Test
    void theMicrosoftAccountSessionKeepsOnlyTheIdToken() throws Exception {
        InvitationService.Issued issued = invitations.invite("session@outlook.com", "en-US");
        try (Browser browser = new Browser("en")) {
            callbackResponse(browser, issued.redeemUrl(), "session@outlook.com");
            org.htmlunit.util.Cookie session = browser.client().getCookieManager().getCookie("q_session_msa");
            assertNotNull(session, "the provider session between callback and sign-in page");
            String secret = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getValue("quarkus.oidc.msa.token-state-manager.encryption-secret", String.class);
            String content = io.quarkus.oidc.runtime.OidcUtils.decryptString(session.getValue(),
                    io.quarkus.oidc.runtime.OidcUtils.createSecretKeyFromDigest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            // keep-all-tokens would hold "idToken|accessToken|refreshToken"
            assertFalse(content.contains("|"), content);
            assertEquals(3, content.split("\\.").length, "one JWT: the ID token");
        }
    }
}
