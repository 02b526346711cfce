package io.guestpass.graph;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Who may call what: tokens, audiences, permissions, directory roles and allowInvitesFrom. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class PermissionsTest {

    static final String BODY = "{\"invitedUserEmailAddress\":\"p@example.com\",\"inviteRedirectUrl\":\"https://app.contoso.test/\"}";

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    private static int sequence;

    private static int invite(String token) {
        String body = BODY.replace("p@example.com", "p" + (sequence++) + "@example.com");
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/v1.0/invitations").statusCode();
    }

    @Test
    void noTokenIs401WithWwwAuthenticate() {
        given().contentType(ContentType.JSON).body(BODY).post("/v1.0/invitations").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error.code", equalTo("Unauthorized"));
        given().get("/v1.0/users").then().statusCode(401).body("error.code", equalTo("Unauthorized"));
        assertEquals(0, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void aTokenForAnotherAudienceOrForgedOrExpiredIs401() {
        String otherAudience = Tokens.withClaims(Map.of("sub", "x", "aud", "api://someone-else", "roles", java.util.List.of("User.Invite.All")));
        // accessToken() sets our audience; override with a token minted for another API
        given().auth().oauth2(GuestpassTestResources.openId().accessToken(Map.of("sub", "x", "roles", java.util.List.of("User.Invite.All"),
                        "aud", "api://someone-else")))
                .contentType(ContentType.JSON).body(BODY).post("/v1.0/invitations").then().statusCode(401);
        given().auth().oauth2(otherAudience.substring(0, otherAudience.length() - 4) + "AAAA")
                .contentType(ContentType.JSON).body(BODY).post("/v1.0/invitations").then().statusCode(401);
        given().auth().oauth2(GuestpassTestResources.openId().accessToken(Map.of("sub", "x", "roles", java.util.List.of("User.Invite.All"),
                        "exp", System.currentTimeMillis() / 1000 - 3600)))
                .contentType(ContentType.JSON).body(BODY).post("/v1.0/invitations").then().statusCode(401);
        given().auth().oauth2("not-a-jwt").get("/v1.0/users").then().statusCode(401).body("error.code", equalTo("Unauthorized"));
        assertEquals(0, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void wrongPermissionIs403() {
        given().auth().oauth2(Tokens.application("reader", "User.Read.All")).contentType(ContentType.JSON).body(BODY)
                .post("/v1.0/invitations").then().statusCode(403).body("error.code", equalTo("Forbidden"));
        given().auth().oauth2(Tokens.application("inviter", "User.Invite.All")).get("/v1.0/users").then().statusCode(403);
        given().auth().oauth2(Tokens.application("reader", "User.Read.All")).contentType(ContentType.JSON).body("{\"displayName\":\"x\"}")
                .patch("/v1.0/users/00000000-0000-0000-0000-000000000001").then().statusCode(403);
        given().auth().oauth2(Tokens.application("reader", "Policy.Read.All")).contentType(ContentType.JSON)
                .body("{\"allowInvitesFrom\":\"everyone\"}").patch("/v1.0/policies/authorizationPolicy").then().statusCode(403);
        assertEquals(0, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void allowInvitesFromDecidesWhichPeopleMayInvite() {
        String member = Tokens.person("member", "User.Invite.All");
        String guestInviter = Tokens.person("inviter", "User.Invite.All", "Guest Inviter");
        String admin = Tokens.person("admin", "User.Invite.All", "User Administrator");
        String app = Tokens.application("svc", "User.Invite.All");

        assertEquals(403, invite(member), "default adminsAndGuestInviters: a plain member may not invite");
        assertEquals(201, invite(guestInviter));
        assertEquals(201, invite(admin));
        assertEquals(201, invite(app));

        Directory.execute("update directory_policy set allow_invites_from = 'adminsGuestInvitersAndAllMembers'");
        assertEquals(201, invite(member));

        Directory.execute("update directory_policy set allow_invites_from = 'none'");
        assertEquals(403, invite(admin));
        assertEquals(403, invite(app));
    }

    @Test
    void memberUserTypeNeedsAnAdministrator() {
        String body = "{\"invitedUserEmailAddress\":\"m@example.com\",\"inviteRedirectUrl\":\"https://app.contoso.test/\",\"invitedUserType\":\"Member\"}";
        given().auth().oauth2(Tokens.person("inviter", "User.Invite.All", "Guest Inviter")).contentType(ContentType.JSON).body(body)
                .post("/v1.0/invitations").then().statusCode(403);
        given().auth().oauth2(Tokens.application("svc", "User.Invite.All")).contentType(ContentType.JSON).body(body)
                .post("/v1.0/invitations").then().statusCode(403);
        given().auth().oauth2(Tokens.person("ga", "User.Invite.All", "Global Administrator")).contentType(ContentType.JSON).body(body)
                .post("/v1.0/invitations").then().statusCode(201).body("invitedUserType", equalTo("Member"));
    }

    @Test
    void pathsOfOtherFunctionsAreNotServedHere() {
        given().get("/redeem?ticket=x").then().statusCode(404).body("error.code", equalTo("NotFound"));
        given().post("/internal/worker/run").then().statusCode(404);
        given().post("/internal/migrate").then().statusCode(404);
        given().get("/q/health").then().statusCode(404);
    }
}
