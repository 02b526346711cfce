package io.guestpass.mail;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.TestClock;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.*;

/** Invitation mail through a real SMTP server: language, link, cc notice, outage and revocation. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class InvitationMailTest {

    @Inject
    Outbox outbox;

    @Inject
    TestClock clock;

    @AfterEach
    void realTimeAgain() {
        clock.reset();
    }

    @BeforeEach
    void emptyDirectoryAndMailbox() throws Exception {
        Directory.reset();
        GuestpassTestResources.smtp().purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void smtpBackUp() {
        if (!GuestpassTestResources.smtp().isRunning()) {
            GuestpassTestResources.startSmtp();
        }
    }

    private static Response invite(String extra) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"invitedUserEmailAddress\":\"hedy@example.com\",\"inviteRedirectUrl\":\"https://app.contoso.test/\","
                        + "\"sendInvitationMessage\":true" + extra + "}")
                .post("/v1.0/invitations");
    }

    private void workerDeliversDueMail() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> outbox.deliverDue(50));
    }

    @Test
    void theInviteeGetsTheLinkInTheirLanguageAndTheCcOnlyANotice() throws Exception {
        Response created = invite(",\"invitedUserMessageInfo\":{\"messageLanguage\":\"nl-NL\","
                + "\"ccRecipients\":[{\"emailAddress\":{\"address\":\"manager@contoso.test\",\"name\":\"Manager\"}}]}");
        created.then().statusCode(201).body("deliveryStatus", equalTo("sent"))
                .body("invitedUserMessageInfo.ccRecipients[0].emailAddress.address", equalTo("manager@contoso.test"));
        String link = created.path("inviteRedeemUrl");
        assertTrue(GuestpassTestResources.smtp().waitForIncomingEmail(5000, 2));
        MimeMessage invitation = only("hedy@example.com");
        MimeMessage notice = only("manager@contoso.test");
        assertEquals("U bent uitgenodigd door Contoso", invitation.getSubject());
        String body = GreenMailUtil.getBody(invitation);
        assertTrue(body.contains(link.substring(link.indexOf("ticket=") + 7, link.indexOf("ticket=") + 30)), "the link is in the mail");
        assertTrue(body.contains("met uw gegevens omgaat: https://id.contoso.test/privacy"), "a space before the privacy link");
        assertFalse(GreenMailUtil.getBody(notice).contains("ticket="), "the cc never gets the link");
        assertTrue(invitation.getMessageID().endsWith("@guestpass.example>"));
        assertEquals(invitation.getMessageID(), Directory.text("select message_id from mail_message where kind = 'Invitation'"));
        assertEquals(0, Directory.count("select count(*) from mail_message where sealed_content is not null"), "a sent mail's body is erased");
    }

    @Test
    void aCustomisedBodyIsPlainTextAndEscaped() throws Exception {
        invite(",\"invitedUserMessageInfo\":{\"customizedMessageBody\":\"Welcome <b>aboard</b> & <script>alert(1)</script>\"}")
                .then().statusCode(201);
        assertTrue(GuestpassTestResources.smtp().waitForIncomingEmail(5000, 1));
        MimeMessage message = only("hedy@example.com");
        String html = part(message.getContent(), "text/html");
        String text = part(message.getContent(), "text/plain");
        assertFalse(html.contains("<script>"), "never rendered as HTML");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped in the HTML part");
        assertTrue(text.contains("Welcome <b>aboard</b> & <script>alert(1)</script>"), "kept as written in the text part");
        assertEquals("You're invited to Contoso", message.getSubject(), "default language en-US");
    }

    @Test
    void mailIsHeldWhileTheServerIsDownAndDeliveredLater() throws Throwable {
        GuestpassTestResources.stopSmtp();
        String id = invite("").then().statusCode(201).body("deliveryStatus", equalTo("queued")).extract().path("id");
        assertEquals(1, Directory.count("select count(*) from mail_message where status = 'queued' and sealed_content is not null"));
        assertTrue(Directory.text("select sealed_content from mail_message").startsWith("v1."), "sealed with the data key");
        assertFalse(Directory.text("select sealed_content from mail_message").contains("ticket="));

        GuestpassTestResources.startSmtp();
        clock.advance(Duration.ofMinutes(5));
        workerDeliversDueMail();
        assertTrue(GuestpassTestResources.smtp().waitForIncomingEmail(5000, 1));
        assertEquals(1, GuestpassTestResources.smtp().getReceivedMessages().length);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/invitations/" + id).then().body("deliveryStatus", equalTo("sent"));

        clock.advance(Duration.ofHours(1));
        workerDeliversDueMail();
        assertEquals(1, GuestpassTestResources.smtp().getReceivedMessages().length, "delivered once");
    }

    @Test
    void aRevokedInvitationsQueuedMailIsNeverSent() throws Throwable {
        GuestpassTestResources.stopSmtp();
        String id = invite("").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.admin()).delete("/v1.0/invitations/" + id).then().statusCode(204);
        GuestpassTestResources.startSmtp();
        clock.advance(Duration.ofMinutes(5));
        workerDeliversDueMail();
        assertFalse(GuestpassTestResources.smtp().waitForIncomingEmail(1000, 1));
        assertEquals("cancelled", Directory.text("select status from mail_message"));
        assertNull(Directory.text("select sealed_content from mail_message"));
    }

    /** The first body part of this type, however deeply the multipart nests it. */
    static String part(Object content, String type) throws Exception {
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                jakarta.mail.BodyPart body = multipart.getBodyPart(i);
                if (body.isMimeType(type)) {
                    return body.getContent().toString();
                }
                String nested = part(body.getContent(), type);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    private static MimeMessage only(String recipient) {
        return Arrays.stream(GuestpassTestResources.smtp().getReceivedMessagesForDomain(recipient)).findFirst()
                .orElseThrow(() -> new AssertionError("no mail for " + recipient));
    }
}
