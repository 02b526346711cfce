package io.guestpass.mail;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Images;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

/** The invitation mail says who invited the guest, for which organization, how to report it, and carries the logo inline. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class BrandedInvitationMailTest {

    static final String LOGO = "/v1.0/organization/00000000-0000-0000-0000-0000000007e5/branding/localizations/0/bannerLogo";

    private final byte[] logo = Images.png(200, 30);

    @BeforeEach
    void brandedDirectoryAndEmptyMailbox() throws Exception {
        Directory.reset();
        GuestpassTestResources.smtp().purgeEmailFromAllMailboxes();
        given().auth().oauth2(Tokens.admin()).contentType("image/png").body(logo).put(LOGO).then().statusCode(204);
    }

    @AfterEach
    void unbranded() {
        given().auth().oauth2(Tokens.admin()).delete(LOGO).then().statusCode(204);
    }

    private static MimeMessage invite(String token, String address, String language) throws Exception {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"invitedUserEmailAddress\":\"" + address + "\",\"inviteRedirectUrl\":\"https://app.contoso.test/\","
                        + "\"sendInvitationMessage\":true,\"invitedUserMessageInfo\":{\"messageLanguage\":\"" + language + "\"}}")
                .post("/v1.0/invitations").then().statusCode(201);
        assertTrue(GuestpassTestResources.smtp().waitForIncomingEmail(5000, 1));
        return Arrays.stream(GuestpassTestResources.smtp().getReceivedMessagesForDomain(address)).findFirst().orElseThrow();
    }

    @Test
    void aPersonsInvitationNamesThemTheDomainTheReportContactAndCarriesTheLogoInBothLanguages() throws Exception {
        String ada = Tokens.entraV2Person("ada@contoso.com", "User.Invite.All", List.of(), Tokens.GUEST_INVITER_ID);

        MimeMessage english = invite(ada, "grace@example.com", "en-US");
        String html = InvitationMailTest.part(english.getContent(), "text/html");
        String text = InvitationMailTest.part(english.getContent(), "text/plain");
        for (String body : new String[] { html, text }) {
            assertTrue(body.contains("Ada Admin (ada@contoso.com) of Contoso has invited you to collaborate."), body);
            assertTrue(body.contains("Sent on behalf of Contoso (contoso.test)."), body);
            assertTrue(body.contains("Ignore this message, or report it to"), body);
        }
        assertTrue(html.contains("<a href=\"mailto:report-abuse@contoso.test\">report-abuse@contoso.test</a>"), html);
        assertTrue(text.contains("report it to report-abuse@contoso.test."), text);
        assertInlineLogo(english, html);
        assertEquals("Ada Admin (ada@contoso.com)", Directory.text("select invited_by_name from invitation"));

        GuestpassTestResources.smtp().purgeEmailFromAllMailboxes();
        MimeMessage dutch = invite(ada, "hedy@example.com", "nl-NL");
        String dutchHtml = InvitationMailTest.part(dutch.getContent(), "text/html");
        String dutchText = InvitationMailTest.part(dutch.getContent(), "text/plain");
        for (String body : new String[] { dutchHtml, dutchText }) {
            assertTrue(body.contains("Ada Admin (ada@contoso.com) van Contoso nodigt u uit om samen te werken."), body);
            assertTrue(body.contains("Verstuurd namens Contoso (contoso.test)."), body);
            assertTrue(body.contains("Negeer dit bericht, of meld het bij"), body);
        }
        assertInlineLogo(dutch, dutchHtml);
    }

    @Test
    void anApplicationsInvitationSaysAnApplicationOfTheOrganizationAndANameIsNeverMarkup() throws Exception {
        MimeMessage fromApp = invite(Tokens.admin(), "app-invited@example.com", "en-US");
        assertTrue(GreenMailUtil.getBody(fromApp).contains("An application of Contoso has invited you to collaborate."));
        assertNull(Directory.text("select invited_by_name from invitation"));

        GuestpassTestResources.smtp().purgeEmailFromAllMailboxes();
        String mallory = Tokens.withClaims(java.util.Map.of("sub", "mallory-oid", "azp", "admin-portal", "scp", "User.Invite.All",
                "directoryRoles", List.of("Guest Inviter"), "name", "<img src=x onerror=alert(1)>"));
        String html = InvitationMailTest.part(invite(mallory, "victim@example.com", "en-US").getContent(), "text/html");
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt; of Contoso has invited you"), html);
    }

    private void assertInlineLogo(MimeMessage message, String html) throws Exception {
        assertTrue(html.contains("<img src=\"cid:banner-logo@guestpass\" alt=\"Contoso\""), html);
        BodyPart image = imagePart(message.getContent());
        assertNotNull(image, "the logo travels inside the message");
        assertEquals("<banner-logo@guestpass>", image.getHeader("Content-ID")[0]);
        assertTrue(image.isMimeType("image/png"));
        assertTrue(image.getDisposition() == null || image.getDisposition().equalsIgnoreCase("inline"), image.getDisposition());
        assertArrayEquals(logo, image.getInputStream().readAllBytes());
    }

    private static BodyPart imagePart(Object content) throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("image/*")) {
                    return part;
                }
                BodyPart nested = imagePart(part.getContent());
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }
}
