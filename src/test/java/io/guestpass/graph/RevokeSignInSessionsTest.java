package io.guestpass.graph;

import io.guestpass.federation.SsoSessions;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code POST /v1.0/users/{id}/revokeSignInSessions}: who may, what it answers, and what it ends. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class RevokeSignInSessionsTest {

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    private static String invite(String address) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"invitedUserEmailAddress\":\"" + address + "\",\"inviteRedirectUrl\":\"https://app.contoso.test/\"}")
                .post("/v1.0/invitations").then().statusCode(201).extract().path("invitedUser.id");
    }

    /** A live SSO session row of the guest, as a sign-in leaves it. */
    private static void liveSession(String userId) {
        Directory.execute("insert into sso_session (id, secret_hash, user_id, idp, provider_subject, auth_time, created_at, expires_at) "
                + "values (?::uuid, sha256('s'::bytea), ?::uuid, 'live.com', 'subject', now(), now(), now() + interval '1 day')",
                UUID.randomUUID().toString(), userId);
    }

    private static io.restassured.response.Response revoke(String token, String id) {
        return given().auth().oauth2(token).post("/v1.0/users/" + id + "/revokeSignInSessions");
    }

    @Test
    void aGlobalAdministratorEndsEverySessionAndGraphSeesWhen() {
        String id = invite("revoke-" + UUID.randomUUID() + "@example.com");
        liveSession(id);
        liveSession(id);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/users/" + id).then().statusCode(200)
                .body("signInSessionsValidFromDateTime", nullValue());

        revoke(Tokens.person("ga", "User.ReadWrite.All", "Global Administrator"), id).then().statusCode(200)
                .body("'@odata.context'", equalTo(GuestpassTestResources.PUBLIC_BASE_URL + "/v1.0/$metadata#Edm.Boolean"))
                .body("value", equalTo(true));

        assertEquals(0, Directory.count("select count(*) from sso_session where user_id = ?::uuid and revoked_at is null", id));
        given().auth().oauth2(Tokens.admin()).get("/v1.0/users/" + id).then().statusCode(200)
                .body("signInSessionsValidFromDateTime", notNullValue());
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'user.signInSessionsRevoked' "
                + "and target_id = ? and actor_subject = 'ga'", id));
    }

    @Test
    void onlyAdministratorsOfUsersAndApplicationsWithTheRightPermissionMay() {
        String id = invite("matrix-" + UUID.randomUUID() + "@example.com");
        liveSession(id);
        revoke(Tokens.person("member", "User.ReadWrite.All"), id).then().statusCode(403);
        revoke(Tokens.person("inviter", "User.ReadWrite.All", "Guest Inviter"), id).then().statusCode(403);
        revoke(Tokens.person("ua", "User.Read.All", "User Administrator"), id).then().statusCode(403);
        revoke(Tokens.application("reader", "User.Read.All"), id).then().statusCode(403);
        assertEquals(1, Directory.count("select count(*) from sso_session where revoked_at is null"), "nothing refused changed anything");
        assertEquals(4, Directory.count("select count(*) from audit_event where action = 'authorization.refused'"));

        revoke(Tokens.person("ua", "User.ReadWrite.All", "User Administrator"), id).then().statusCode(200);
        revoke(Tokens.application("ops", "User.RevokeSessions.All"), id).then().statusCode(200);
        revoke(Tokens.application("automation", "User.ReadWrite.All"), id).then().statusCode(200);
    }

    @Test
    void anUnknownUserIsGraphsNotFound() {
        revoke(Tokens.admin(), UUID.randomUUID().toString()).then().statusCode(404).body("error.code", equalTo("Request_ResourceNotFound"));
        revoke(Tokens.admin(), "not-a-guid").then().statusCode(404);
    }

    @Test
    void aBrowsersSessionCookieNeverGetsInTheWayOfBearerCalls() {
        // stack-facts #5: the SSO cookie (Path=/) reaches /v1.0 too; quarkus-oidc must never read it
        given().auth().oauth2(Tokens.admin()).cookie(SsoSessions.COOKIE, "anything-at-all").get("/v1.0/users").then().statusCode(200);
        given().cookie(SsoSessions.COOKIE, "anything-at-all").get("/v1.0/users").then().statusCode(401);
    }
}
