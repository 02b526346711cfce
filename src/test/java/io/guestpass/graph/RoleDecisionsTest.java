package io.guestpass.graph;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.guestpass.graph.AdminTokenMatrixTest.invitation;
import static io.guestpass.graph.AdminTokenMatrixTest.state;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A person's own directory role is part of every decision, and every refusal is on the record. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class RoleDecisionsTest {

    static final String EVERY_SCOPE = AdminTokenMatrixTest.ALL;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    private static Response post(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/v1.0/invitations");
    }

    private static String acceptedVictim() {
        String userId = post(Tokens.admin(), invitation("victim@example.com", "")).then().statusCode(201).extract().path("invitedUser.id");
        Directory.execute("update guest_user set external_user_state = 'Accepted' where id = ?::uuid", userId);
        Directory.execute("insert into sign_in_identity (id, user_id, sign_in_type, issuer, issuer_assigned_id, created_at) "
                + "values (gen_random_uuid(), ?::uuid, 'federated', 'MicrosoftAccount', 'victim-oid', now())", userId);
        return userId;
    }

    private static long refusals() {
        return Directory.count("select count(*) from audit_event where action = 'authorization.refused'");
    }

    @Test
    void aMemberWhoseAppHoldsUserReadWriteAllCannotTakeOverAGuest() {
        String victim = acceptedVictim();
        String mallory = Tokens.person("mallory", EVERY_SCOPE);
        String before = state();

        given().auth().oauth2(mallory).contentType(ContentType.JSON).body("{\"requireMatchingAddress\":false}")
                .patch("/v1.0/policies/invitationPolicy").then().statusCode(403).body("error.code", equalTo("Forbidden"));
        post(mallory, invitation("mallory@example.com", ",\"resetRedemption\":true,\"invitedUser\":{\"id\":\"" + victim + "\"}"))
                .then().statusCode(403).body("error.code", equalTo("Forbidden"));
        given().auth().oauth2(mallory).contentType(ContentType.JSON).body("{\"accountEnabled\":false}")
                .patch("/v1.0/users/" + victim).then().statusCode(403);
        given().auth().oauth2(mallory).delete("/v1.0/users/" + victim).then().statusCode(403);

        assertEquals(before, state(), "nothing changed: not the policy, not the guest, not its identity");
        assertEquals(4, refusals());
        assertEquals("mallory|admin-portal|user|" + victim + "|POST /v1.0/invitations", Directory.text(
                "select actor_subject || '|' || actor_client || '|' || target_type || '|' || target_id || '|' || operation "
                        + "from audit_event where action = 'authorization.refused' and operation like 'POST%'"));
    }

    @Test
    void aRefusedResetLeavesOneRefusalEventAndNothingElse() {
        String victim = acceptedVictim();
        long events = Directory.count("select count(*) from audit_event");
        String before = state();

        post(Tokens.person("mallory", EVERY_SCOPE, "Guest Inviter"),
                invitation("mallory@example.com", ",\"resetRedemption\":true,\"invitedUser\":{\"id\":\"" + victim + "\"}"))
                .then().statusCode(403);

        assertEquals(before, state());
        assertEquals(events + 1, Directory.count("select count(*) from audit_event"));
        assertEquals(1, refusals());
    }

    @Test
    void aUserAdministratorManagesGuestsButNeverAMember() {
        String member = post(Tokens.person("ga", EVERY_SCOPE, "Global Administrator"),
                invitation("colleague@example.com", ",\"invitedUserType\":\"Member\"")).then().statusCode(201)
                .extract().path("invitedUser.id");
        String guest = post(Tokens.admin(), invitation("guest@example.com", "")).then().statusCode(201).extract().path("invitedUser.id");
        String userAdministrator = Tokens.person("uma", EVERY_SCOPE, "User Administrator");
        String before = state();

        post(userAdministrator, invitation("uma@example.com", ",\"resetRedemption\":true,\"invitedUser\":{\"id\":\"" + member + "\"}"))
                .then().statusCode(403);
        given().auth().oauth2(userAdministrator).contentType(ContentType.JSON).body("{\"displayName\":\"x\"}")
                .patch("/v1.0/users/" + member).then().statusCode(403);
        given().auth().oauth2(userAdministrator).delete("/v1.0/users/" + member).then().statusCode(403);
        assertEquals(before, state());
        assertEquals(3, refusals());

        given().auth().oauth2(userAdministrator).contentType(ContentType.JSON).body("{\"displayName\":\"Renamed\"}")
                .patch("/v1.0/users/" + guest).then().statusCode(204);
        given().auth().oauth2(Tokens.person("ga", EVERY_SCOPE, "Global Administrator")).contentType(ContentType.JSON)
                .body("{\"displayName\":\"Renamed\"}").patch("/v1.0/users/" + member).then().statusCode(204);
    }

    @Test
    void aGuestInviterListsAndReadsOnlyTheInvitationsTheySent() {
        String gil = Tokens.person("gil", "User.Invite.All", "Guest Inviter");
        String own = post(gil, invitation("own@example.com", "")).then().statusCode(201).extract().path("id");
        String others = post(Tokens.person("gus", "User.Invite.All", "Guest Inviter"), invitation("other@example.com", ""))
                .then().statusCode(201).extract().path("id");
        // the same subject signed in through another client is someone else's sending
        String sameSubjectOtherClient = Tokens.withClaims(Map.of("sub", "gil", "azp", "another-portal", "scp", "User.Invite.All",
                "directoryRoles", List.of("Guest Inviter")));

        given().auth().oauth2(gil).get("/v1.0/invitations").then().statusCode(200)
                .body("value.id", contains(own));
        given().auth().oauth2(gil).get("/v1.0/invitations/" + own).then().statusCode(200);
        given().auth().oauth2(gil).get("/v1.0/invitations/" + others).then().statusCode(404).body("error.code", equalTo("NotFound"));
        given().auth().oauth2(gil).post("/v1.0/invitations/" + others + "/resend").then().statusCode(404);
        given().auth().oauth2(gil).delete("/v1.0/invitations/" + others).then().statusCode(404);
        given().auth().oauth2(sameSubjectOtherClient).get("/v1.0/invitations").then().statusCode(200).body("value", empty());
        given().auth().oauth2(Tokens.admin()).get("/v1.0/invitations").then().statusCode(200)
                .body("value.id", containsInAnyOrder(own, others));
        assertEquals(3, refusals(), "each hidden invitation the inviter reached for is on the record");
    }

    @Test
    void resendPassesTheSameChecksAsInvite() {
        String gil = Tokens.person("gil", "User.Invite.All", "Guest Inviter");
        String invitation = post(gil, invitation("someone@example.com", "")).then().statusCode(201).extract().path("id");

        Directory.execute("update directory_policy set blocked_domains = '{example.com}'");
        given().auth().oauth2(Tokens.admin()).post("/v1.0/invitations/" + invitation + "/resend").then().statusCode(400)
                .body("error.message", containsString("example.com"));

        Directory.execute("update directory_policy set blocked_domains = '{}', allow_invites_from = 'none'");
        String before = state();
        given().auth().oauth2(gil).post("/v1.0/invitations/" + invitation + "/resend").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).post("/v1.0/invitations/" + invitation + "/resend").then().statusCode(403);
        assertEquals(before, state());
        assertEquals(2, refusals());

        Directory.execute("update directory_policy set allow_invites_from = 'adminsAndGuestInviters'");
        given().auth().oauth2(gil).post("/v1.0/invitations/" + invitation + "/resend").then().statusCode(200);
    }

    @Test
    void callersWhoseSubjectAndClientRunTogetherAreStillTwoCallers() {
        // "a|b" signed in through "c", and "a" through "b|c": once both were the idempotency scope "a|b|c"
        String first = Tokens.withClaims(Map.of("sub", "a|b", "azp", "c", "scp", "User.Invite.All", "directoryRoles", List.of("Guest Inviter")));
        String second = Tokens.withClaims(Map.of("sub", "a", "azp", "b|c", "scp", "User.Invite.All", "directoryRoles", List.of("Guest Inviter")));
        String body = invitation("shared@example.com", "");

        String firstId = given().auth().oauth2(first).header("Idempotency-Key", "k-1").contentType(ContentType.JSON).body(body)
                .post("/v1.0/invitations").then().statusCode(201).extract().path("id");
        Response replayed = given().auth().oauth2(second).header("Idempotency-Key", "k-1").contentType(ContentType.JSON).body(body)
                .post("/v1.0/invitations");

        assertNotEquals(firstId, replayed.path("id"), "the second caller never receives the first one's invitation and link");
        assertEquals(409, replayed.statusCode(), "a pending invitation someone else sent is not replaced by a non-administrator");
    }

    @Test
    void tokensThatAreNotOurAccessTokensSayWhy() {
        given().auth().oauth2(Tokens.cognitoApp("4f0automation", "guestpass/User.Invite.All")).get("/v1.0/invitations")
                .then().statusCode(401).body("error.code", equalTo("Unauthorized"))
                .body("error.message", containsString("no aud claim"));
        given().auth().oauth2(Tokens.keycloakIdToken("ada@contoso.test")).get("/v1.0/invitations")
                .then().statusCode(401).body("error.message", containsString("ID token"));
        given().auth().oauth2(Tokens.withClaims(Map.of("azp", "x", "idtyp", "app", "roles", List.of("User.Invite.All"))))
                .get("/v1.0/invitations").then().statusCode(401).body("error.message", containsString("no sub"));
        assertEquals(0, refusals(), "an unauthenticated request is not an authorization decision");
    }

    @Test
    void aScopeNamedWithTheApiAudienceCountsAsThePermission() {
        String scoped = Tokens.withClaims(Map.of("sub", "svc", "client_id", "svc", "scope",
                GuestpassTestResources.AUDIENCE + "/User.Invite.All"));
        post(scoped, invitation("scoped@example.com", "")).then().statusCode(201);
        String otherApi = Tokens.withClaims(Map.of("sub", "svc", "client_id", "svc", "scope", "api://other/User.Invite.All"));
        post(otherApi, invitation("other@example.com", "")).then().statusCode(403);
    }
}
