package io.guestpass.graph.invitations;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class InvitationsTest {

    static final String REDIRECT = "https://app.contoso.test/welcome";

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    static Response invite(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/v1.0/invitations");
    }

    static String body(String address) {
        return "{\"invitedUserEmailAddress\":\"" + address + "\",\"inviteRedirectUrl\":\"" + REDIRECT + "\"}";
    }

    @Test
    void invitingANewAddressCreatesAPendingGuestAndAnInvitation() {
        Response created = invite(Tokens.admin(), "{\"invitedUserEmailAddress\":\"Grace.Hopper@Outlook.com\","
                + "\"inviteRedirectUrl\":\"" + REDIRECT + "\",\"invitedUserDisplayName\":\"Grace Hopper\"}");
        created.then().statusCode(201)
                .header("Location", startsWith("/v1.0/invitations/"))
                .header("request-id", notNullValue())
                .body("'@odata.context'", equalTo("https://id.contoso.test/v1.0/$metadata#invitations/$entity"))
                .body("inviteRedeemUrl", startsWith("https://id.contoso.test/redeem?ticket="))
                .body("invitedUserEmailAddress", equalTo("Grace.Hopper@Outlook.com"))
                .body("invitedUserDisplayName", equalTo("Grace Hopper"))
                .body("inviteRedirectUrl", equalTo(REDIRECT))
                .body("sendInvitationMessage", equalTo(false))
                .body("invitedUserMessageInfo.messageLanguage", equalTo("en-US"))
                .body("invitedUserMessageInfo.ccRecipients", empty())
                .body("invitedUserType", equalTo("Guest"))
                .body("resetRedemption", equalTo(false))
                .body("status", equalTo("PendingAcceptance"))
                .body("deliveryStatus", equalTo("notRequested"))
                .body("invitedUser.userPrincipalName", equalTo("grace.hopper_outlook.com#EXT#@contoso.test"));
        String id = created.path("id");
        assertEquals("/v1.0/invitations/" + id, created.header("Location"));
        String ticket = created.<String>path("inviteRedeemUrl").substring("https://id.contoso.test/redeem?ticket=".length());
        assertTrue(ticket.length() >= 43, "at least 256 bits, base64url");
        assertEquals(0, Directory.count("select count(*) from redeem_ticket where encode(ticket_hash, 'escape') like ?", "%" + ticket + "%"));
        assertEquals(1, Directory.count("select count(*) from redeem_ticket where ticket_hash = sha256(convert_to(?, 'UTF8'))", ticket));
        assertEquals(1, Directory.count("select count(*) from guest_user where mail_key = 'grace.hopper@outlook.com' and external_user_state = 'PendingAcceptance'"));
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'invitation.created' and actor_subject = 'admin-app'"));

        given().auth().oauth2(Tokens.admin()).get("/v1.0/invitations/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("inviteRedeemUrl", nullValue())
                .body("status", equalTo("PendingAcceptance"));
    }

    @Test
    void odataAnnotationsFromGraphSdksAreAcceptedAndIgnored() {
        invite(Tokens.admin(), "{\"@odata.type\":\"#microsoft.graph.invitation\",\"invitedUserEmailAddress\":\"sdk@example.com\","
                + "\"inviteRedirectUrl\":\"" + REDIRECT + "\",\"invitedUserMessageInfo\":{\"@odata.type\":\"microsoft.graph.invitedUserMessageInfo\"}}")
                .then().statusCode(201);
    }

    @Test
    void reinvitingAPendingGuestIssuesANewLinkAndRetiresTheOld() {
        Response first = invite(Tokens.admin(), body("ada@example.com"));
        Response second = invite(Tokens.admin(), body("ADA@example.com"));
        second.then().statusCode(201).body("status", equalTo("PendingAcceptance"));
        assertEquals(first.<String>path("invitedUser.id"), second.<String>path("invitedUser.id"), "same user");
        assertNotEquals(first.<String>path("inviteRedeemUrl"), second.<String>path("inviteRedeemUrl"));
        assertEquals(1, Directory.count("select count(*) from guest_user"));
        assertEquals(1, Directory.count("select count(*) from redeem_ticket where retired_at is null"));
        assertEquals("Superseded", Directory.text("select retired_reason from redeem_ticket where retired_at is not null"));
        given().auth().oauth2(Tokens.admin()).get("/v1.0/invitations/" + first.path("id")).then().body("status", equalTo("Superseded"));
    }

    @Test
    void aMemberCannotReplaceSomeoneElsesPendingInvitation() {
        Directory.execute("update directory_policy set allow_invites_from = 'everyone'");
        invite(Tokens.admin(), body("linus@example.com")).then().statusCode(201);
        String fingerprint = Directory.fingerprint();
        invite(Tokens.person("member-1", "User.Invite.All"), body("linus@example.com"))
                .then().statusCode(409).body("error.code", equalTo("Conflict"));
        assertEquals(fingerprint, Directory.fingerprint());
        // the member may replace an invitation they sent themselves
        invite(Tokens.person("member-1", "User.Invite.All"), body("ken@example.com")).then().statusCode(201);
        invite(Tokens.person("member-1", "User.Invite.All"), body("ken@example.com")).then().statusCode(201);
    }

    @Test
    void invitingAnAcceptedGuestReturnsCompletedAndNeverASecondUser() {
        String userId = invite(Tokens.admin(), body("done@example.com")).path("invitedUser.id");
        Directory.execute("update guest_user set external_user_state = 'Accepted' where id = ?::uuid", userId);
        invite(Tokens.admin(), body("done@example.com")).then().statusCode(201)
                .body("status", equalTo("Completed"))
                .body("invitedUser.id", equalTo(userId))
                .body("inviteRedeemUrl", startsWith("https://id.contoso.test/redeem?ticket="));
        assertEquals(1, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void resetRedemptionKeepsTheUserRemovesIdentitiesAndIssuesANewLink() {
        String userId = invite(Tokens.admin(), body("old@example.com")).path("invitedUser.id");
        Directory.execute("update guest_user set external_user_state = 'Accepted' where id = ?::uuid", userId);
        Directory.execute("insert into sign_in_identity (id, user_id, sign_in_type, issuer, issuer_assigned_id, created_at) "
                + "values (gen_random_uuid(), ?::uuid, 'federated', 'MicrosoftAccount', 'oid-1', now())", userId);
        invite(Tokens.admin(), "{\"invitedUserEmailAddress\":\"new@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT
                + "\",\"resetRedemption\":true,\"invitedUser\":{\"id\":\"" + userId + "\"}}")
                .then().statusCode(201)
                .body("status", equalTo("PendingAcceptance"))
                .body("resetRedemption", equalTo(true))
                .body("invitedUser.id", equalTo(userId));
        given().auth().oauth2(Tokens.admin()).get("/v1.0/users/" + userId).then().statusCode(200)
                .body("mail", equalTo("new@example.com"))
                .body("externalUserState", equalTo("PendingAcceptance"))
                .body("identities", empty());
    }

    @Test
    void resetRedemptionToAnAddressOfAnotherUserIsAConflict() {
        String userId = invite(Tokens.admin(), body("one@example.com")).path("invitedUser.id");
        invite(Tokens.admin(), body("two@example.com")).then().statusCode(201);
        invite(Tokens.admin(), "{\"invitedUserEmailAddress\":\"two@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT
                + "\",\"resetRedemption\":true,\"invitedUser\":{\"id\":\"" + userId + "\"}}")
                .then().statusCode(409).body("error.code", equalTo("Conflict"));
        invite(Tokens.admin(), "{\"invitedUserEmailAddress\":\"x@example.com\",\"inviteRedirectUrl\":\"" + REDIRECT
                + "\",\"resetRedemption\":true,\"invitedUser\":{\"id\":\"00000000-0000-0000-0000-000000000001\"}}")
                .then().statusCode(404).body("error.code", equalTo("Request_ResourceNotFound"));
        invite(Tokens.application("inviter-app", "User.Invite.All"), "{\"invitedUserEmailAddress\":\"x@example.com\",\"inviteRedirectUrl\":\""
                + REDIRECT + "\",\"resetRedemption\":true,\"invitedUser\":{\"id\":\"" + userId + "\"}}")
                .then().statusCode(403).body("error.code", equalTo("Forbidden"));
    }

    @Test
    void resendIssuesANewLinkAndRevokeWithdrawsIt() {
        Response created = invite(Tokens.admin(), body("resend@example.com"));
        String id = created.path("id");
        Response resent = given().auth().oauth2(Tokens.admin()).post("/v1.0/invitations/" + id + "/resend");
        resent.then().statusCode(200).body("id", equalTo(id)).body("inviteRedeemUrl", startsWith("https://id.contoso.test/redeem?ticket="));
        assertNotEquals(created.<String>path("inviteRedeemUrl"), resent.<String>path("inviteRedeemUrl"));
        assertEquals("Reissued", Directory.text("select retired_reason from redeem_ticket where retired_at is not null"));

        given().auth().oauth2(Tokens.admin()).delete("/v1.0/invitations/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/invitations/" + id).then().body("status", equalTo("Revoked"));
        given().auth().oauth2(Tokens.admin()).delete("/v1.0/invitations/" + id).then().statusCode(409).body("error.code", equalTo("Conflict"));
        given().auth().oauth2(Tokens.admin()).post("/v1.0/invitations/" + id + "/resend").then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).delete("/v1.0/invitations/6d1b7b2e-0000-0000-0000-000000000000").then().statusCode(404)
                .body("error.code", equalTo("NotFound"));
    }

    @Test
    void invitationsAreListedByStatusAndPaged() {
        for (int i = 0; i < 5; i++) {
            invite(Tokens.admin(), body("page" + i + "@example.com")).then().statusCode(201);
        }
        String revoked = invite(Tokens.admin(), body("gone@example.com")).path("id");
        given().auth().oauth2(Tokens.admin()).delete("/v1.0/invitations/" + revoked).then().statusCode(204);

        Response page1 = given().auth().oauth2(Tokens.admin()).queryParam("$filter", "status eq 'PendingAcceptance'")
                .queryParam("$top", 3).get("/v1.0/invitations");
        page1.then().statusCode(200).body("value", hasSize(3)).body("'@odata.nextLink'", startsWith("https://id.contoso.test/v1.0/invitations?"));
        String next = page1.path("'@odata.nextLink'");
        given().urlEncodingEnabled(false).auth().oauth2(Tokens.admin()).get(next.substring("https://id.contoso.test".length()))
                .then().statusCode(200).body("value", hasSize(2)).body("'@odata.nextLink'", nullValue());
        given().auth().oauth2(Tokens.admin()).queryParam("$filter", "status eq 'Revoked'").get("/v1.0/invitations")
                .then().body("value", hasSize(1)).body("value[0].id", equalTo(revoked));
        given().auth().oauth2(Tokens.admin()).queryParam("$filter", "startswith(status,'P')").get("/v1.0/invitations")
                .then().statusCode(400).body("error.code", equalTo("BadRequest"));
    }

    @Test
    void responsesThatMayCarryARedeemLinkAreNeverStored() {
        Response created = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", "no-store")
                .body(body("nostore@example.com")).post("/v1.0/invitations");
        created.then().statusCode(201).header("Cache-Control", "no-store");
        String id = created.path("id");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).header("Idempotency-Key", "no-store")
                .body(body("nostore@example.com")).post("/v1.0/invitations")
                .then().statusCode(201).body("id", equalTo(id)).header("Cache-Control", "no-store");
        given().auth().oauth2(Tokens.admin()).get("/v1.0/invitations/" + id).then().statusCode(200).header("Cache-Control", "no-store");
        given().auth().oauth2(Tokens.admin()).get("/v1.0/invitations").then().statusCode(200).header("Cache-Control", "no-store");
        given().auth().oauth2(Tokens.admin()).post("/v1.0/invitations/" + id + "/resend").then().statusCode(200)
                .body("inviteRedeemUrl", startsWith("https://id.contoso.test/redeem?ticket=")).header("Cache-Control", "no-store");
    }
}
