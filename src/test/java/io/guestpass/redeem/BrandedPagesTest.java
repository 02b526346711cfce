package io.guestpass.redeem;

import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Images;
import io.guestpass.graph.branding.BrandingService;
import io.guestpass.graph.branding.BrandingViews;
import io.guestpass.graph.invitations.InvitationService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlImage;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.function.Supplier;

import static io.guestpass.redeem.RedeemSteps.*;
import static org.junit.jupiter.api.Assertions.*;

/** The organization's logo, sign-in page text and background colour on the pages guests see, and how the logo is served. */
@QuarkusTest
@TestProfile(RedeemRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class BrandedPagesTest {

    static final String TEXT = "Questions? Call the <b>help desk</b>: +31 20 123 4567";

    @Inject
    Invitations invitations;

    @Inject
    BrandingService branding;

    private final byte[] logo = Images.png(200, 30);

    @BeforeEach
    void brandedDirectory() {
        Directory.reset();
        // the redeem function has no /v1.0: set the branding the way the invite function does
        change(() -> branding.update(Invitations.ADMIN_APP, new BrandingViews.BrandingPatch(TEXT, "#0B5CAD")));
        change(() -> branding.replaceBannerLogo(Invitations.ADMIN_APP, logo, "image/png"));
    }

    @AfterEach
    void unbranded() {
        change(() -> branding.update(Invitations.ADMIN_APP, new BrandingViews.BrandingPatch("", "")));
        change(() -> branding.removeBannerLogo(Invitations.ADMIN_APP));
    }

    private static void change(Supplier<Uni<?>> step) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> step.get().replaceWithVoid());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyPageShowsTheLogoTheTextAndTheColourInEnglishAndDutch() throws Exception {
        InvitationService.Issued english = invitations.invite("en@example.com", "en-US");
        InvitationService.Issued dutch = invitations.invite("nl@example.com", "nl-NL");
        for (String[] visit : new String[][] { { "en", english.redeemUrl(), "Sign in with Microsoft account" },
                { "nl-NL", dutch.redeemUrl(), "Aanmelden met Microsoft-account" } }) {
            try (Browser browser = new Browser(visit[0])) {
                HtmlPage start = open(browser, visit[1]);
                assertBranded(start);
                assertTrue(start.asNormalizedText().contains(visit[2]), start.asNormalizedText());
                GuestpassTestResources.microsoft().signInNextAs(LocalMicrosoftAccount.Account.of(
                        visit[0].equals("en") ? "en@example.com" : "nl@example.com"));
                HtmlPage consent = start.getAnchorByText(visit[2]).click();
                assertBranded(consent);
                // an error page too: a link that does not exist
                HtmlPage unknown = open(browser, BASE + "/redeem?ticket=unknown-ticket-0000000000000000000000");
                assertBranded(unknown);
            }
        }
    }

    private void assertBranded(HtmlPage page) throws Exception {
        HtmlImage image = (HtmlImage) page.getElementsByTagName("img").get(0);
        assertEquals("Contoso", image.getAltAttribute());
        assertEquals("/redeem/branding/logo", image.getSrcAttribute());
        assertTrue(page.asNormalizedText().contains(TEXT), "shown as text, not markup: " + page.asNormalizedText());
        assertFalse(page.getWebResponse().getContentAsString().contains("<b>help desk</b>"), "escaped");
        assertTrue(page.getBody().getAttribute("style").contains("background-color: #0B5CAD"), page.getBody().getAttribute("style"));
        assertEquals(200, image.getWebResponse(true).getStatusCode(), "the browser loads it under the page's CSP");
    }

    @Test
    void theLogoIsServedAsAnImageOnlyWithAnEtag() throws Exception {
        try (Browser browser = new Browser("en")) {
            Page served = browser.client().getPage(BASE + "/redeem/branding/logo");
            var response = served.getWebResponse();
            assertEquals(200, response.getStatusCode());
            assertArrayEquals(logo, response.getContentAsStream().readAllBytes());
            assertEquals("image/png", response.getContentType());
            assertEquals("nosniff", response.getResponseHeaderValue("X-Content-Type-Options"));
            assertEquals("sandbox; default-src 'none'", response.getResponseHeaderValue("Content-Security-Policy"));
            assertEquals("public, max-age=300", response.getResponseHeaders().stream()
                    .filter(h -> h.getName().equalsIgnoreCase("Cache-Control")).map(h -> h.getValue())
                    .collect(java.util.stream.Collectors.joining(", ")));
            String etag = response.getResponseHeaderValue("ETag");
            assertTrue(etag.matches("\"[A-Za-z0-9_-]{43}\""), etag);

            WebRequest again = new WebRequest(new URL(BASE + "/redeem/branding/logo"));
            again.setAdditionalHeader("If-None-Match", etag);
            assertEquals(304, browser.client().loadWebResponse(again).getStatusCode());

            change(() -> branding.removeBannerLogo(Invitations.ADMIN_APP));
            assertEquals(404, browser.client().loadWebResponse(new WebRequest(new URL(BASE + "/redeem/branding/logo"))).getStatusCode());
            HtmlPage page = open(browser, BASE + "/redeem?ticket=unknown-ticket-0000000000000000000000");
            assertEquals(0, page.getElementsByTagName("img").size(), "no logo, no image");
        }
    }
}
