package io.guestpass.graph.audit;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class DirectoryAuditsTest {

    static final String AUDITS = "/v1.0/auditLogs/directoryAudits";

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    static String auditor() {
        return Tokens.application("auditor", "AuditLog.Read.All");
    }

    static Response audits(String filter) {
        return given().auth().oauth2(auditor()).queryParam("$filter", filter).get(AUDITS);
    }

    /** The one event of the list with this activity name. */
    static Map<String, Object> activity(String displayName) {
        List<Map<String, Object>> all = given().auth().oauth2(auditor()).get(AUDITS).then().statusCode(200).extract().path("value");
        List<Map<String, Object>> found = all.stream().filter(e -> displayName.equals(e.get("activityDisplayName"))).toList();
        assertEquals(1, found.size(), () -> displayName + " in " + all);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Map<String, Object> json, String... path) {
        Object node = json;
        for (String step : path) {
            node = step.matches("\\d+") ? ((List<Object>) node).get(Integer.parseInt(step)) : ((Map<String, Object>) node).get(step);
        }
        return (T) node;
    }

    /** An event written straight into the table, at a chosen time: to arrange filters and paging precisely. */
    static String event(String at, String subject, String client, String actorType, String action, String targetType, String targetId,
            String userId, String personalData) {
        String id = UUID.randomUUID().toString();
        Directory.execute("insert into audit_event (id, occurred_at, actor_subject, actor_client, actor_type, action, target_type, "
                + "target_id, user_id, request_id, personal_data) values (?::uuid, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?::uuid, ?, ?::jsonb)",
                id, at, subject, client, actorType, action, targetType, targetId, userId, "req-" + id, personalData);
        return id;
    }

    @Test
    void invitationsResendsRevocationsAndUserChangesReadAsDirectoryAudits() {
        Response created = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"invitedUserEmailAddress\":\"Grace@Example.com\",\"inviteRedirectUrl\":\"https://app.contoso.test/\"}")
                .post("/v1.0/invitations");
        created.then().statusCode(201);
        String invitationId = created.path("id");
        String userId = created.path("invitedUser.id");
        given().auth().oauth2(Tokens.admin()).post("/v1.0/invitations/" + invitationId + "/resend").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).delete("/v1.0/invitations/" + invitationId).then().statusCode(204);
        given().auth().oauth2(Tokens.person("alice-oid", "User.ReadWrite.All", "Global Administrator")).contentType(ContentType.JSON)
                .body("{\"displayName\":\"Grace Hopper\"}").patch("/v1.0/users/" + userId).then().statusCode(204);

        Map<String, Object> invited = activity("Invite external user");
        assertEquals("UserManagement", invited.get("category"));
        assertEquals("Add", invited.get("operationType"));
        assertEquals("Invited Users", invited.get("loggedByService"));
        assertEquals("success", invited.get("result"));
        assertEquals(created.header("request-id"), invited.get("correlationId"));
        assertEquals("admin-app", at(invited, "initiatedBy", "app", "appId"));
        assertTrue(((Map<?, ?>) invited.get("initiatedBy")).containsKey("user"), "Graph sends both, one of them null");
        assertNull(at(invited, "initiatedBy", "user"));
        assertEquals(invitationId, at(invited, "targetResources", "0", "id"));
        assertEquals("Invitation", at(invited, "targetResources", "0", "type"));
        assertEquals(userId, at(invited, "targetResources", "1", "id"));
        assertEquals("User", at(invited, "targetResources", "1", "type"));
        assertEquals("grace_example.com#EXT#@contoso.test", at(invited, "targetResources", "1", "userPrincipalName"));
        assertEquals(List.of(Map.of("key", "invitedUserEmailAddress", "value", "Grace@Example.com")),
                invited.get("additionalDetails"));
        assertTrue(Instant.parse((String) invited.get("activityDateTime")).isBefore(Instant.now().plusSeconds(60)));

        Map<String, Object> resent = activity("Resend external user invitation");
        assertEquals("Update", resent.get("operationType"));
        assertEquals(invitationId, at(resent, "targetResources", "0", "id"));
        Map<String, Object> revoked = activity("Revoke external user invitation");
        assertEquals("Delete", revoked.get("operationType"));
        assertEquals("admin-app", at(revoked, "initiatedBy", "app", "appId"));

        Map<String, Object> updated = activity("Update user");
        assertEquals("Core Directory", updated.get("loggedByService"));
        assertEquals("alice-oid", at(updated, "initiatedBy", "user", "id"));
        assertNull(at(updated, "initiatedBy", "app"), "a person, not an application");
        assertEquals(userId, at(updated, "targetResources", "0", "id"));
        assertEquals("Grace Hopper", at(updated, "targetResources", "0", "displayName"));
        assertEquals("Grace Hopper", at(updated, "targetResources", "0", "modifiedProperties", "0", "newValue"));

        given().auth().oauth2(auditor()).get(AUDITS + "/" + updated.get("id")).then().statusCode(200)
                .body("'@odata.context'", equalTo("https://id.contoso.test/v1.0/$metadata#auditLogs/directoryAudits/$entity"))
                .body("activityDisplayName", equalTo("Update user"));
        given().auth().oauth2(auditor()).get(AUDITS).then()
                .body("'@odata.context'", equalTo("https://id.contoso.test/v1.0/$metadata#auditLogs/directoryAudits"));
    }

    @Test
    void deletingAUserErasesItsNamesAndAddressesFromTheTrailButKeepsItsId() {
        String userId = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"invitedUserEmailAddress\":\"erase.me@example.com\",\"inviteRedirectUrl\":\"https://app.contoso.test/\"}")
                .post("/v1.0/invitations").then().statusCode(201).extract().path("invitedUser.id");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"displayName\":\"Erase Me\"}")
                .patch("/v1.0/users/" + userId).then().statusCode(204);
        assertThat(given().auth().oauth2(auditor()).get(AUDITS).asString(), containsString("erase.me"));

        given().auth().oauth2(Tokens.person("bob-oid", "User.ReadWrite.All", "Global Administrator")).delete("/v1.0/users/" + userId)
                .then().statusCode(204);

        String trail = given().auth().oauth2(auditor()).get(AUDITS).then().statusCode(200).extract().asString();
        assertThat(trail, not(containsStringIgnoringCase("erase")));
        Map<String, Object> deleted = activity("Delete user");
        assertEquals("Delete", deleted.get("operationType"));
        assertEquals("bob-oid", at(deleted, "initiatedBy", "user", "id"));
        assertEquals(userId, at(deleted, "targetResources", "0", "id"));
        Map<String, Object> invited = activity("Invite external user");
        assertEquals(userId, at(invited, "targetResources", "1", "id"));
        assertNull(at(invited, "targetResources", "1", "userPrincipalName"));
        assertEquals(List.of(), invited.get("additionalDetails"));
        assertNull(at(activity("Update user"), "targetResources", "0", "displayName"));
        audits("targetResources/any(t:t/id eq '" + userId + "')").then().statusCode(200).body("value", hasSize(3));
    }

    @Test
    void aRefusedAuthorizationReadsAsAFailure() {
        String id = event("2026-03-01T10:00:00Z", "mallory-oid", "portal", "user", "authorization.refused", "user",
                "00000000-0000-0000-0000-00000000000a", null, null);
        given().auth().oauth2(auditor()).get(AUDITS + "/" + id).then().statusCode(200)
                .body("result", equalTo("failure"))
                .body("resultReason", not(emptyOrNullString()))
                .body("category", equalTo("Authorization"))
                .body("initiatedBy.user.id", equalTo("mallory-oid"))
                .body("correlationId", equalTo("req-" + id));
    }

    @Test
    void aMemberRefusedAPolicyChangeIsReadBackAsAFailedAttemptNamingTheRequest() {
        given().auth().oauth2(Tokens.person("mallory", "Policy.ReadWrite.Authorization")).contentType("application/json")
                .body("{\"requireMatchingAddress\":false}").patch("/v1.0/policies/invitationPolicy").then().statusCode(403);

        audits("category eq 'Authorization'").then().statusCode(200).body("value", hasSize(1))
                .body("value[0].result", equalTo("failure"))
                .body("value[0].initiatedBy.user.id", equalTo("mallory"))
                .body("value[0].initiatedBy.app", nullValue())
                .body("value[0].additionalDetails[0].key", equalTo("operation"))
                .body("value[0].additionalDetails[0].value", equalTo("PATCH /v1.0/policies/invitationPolicy"));
    }

    @Test
    void aGuestRedeemingIsTheUserWhoInitiatedIt() {
        String guest = "00000000-0000-0000-0000-0000000000b1";
        event("2026-03-01T10:00:00Z", "msa-pairwise-sub", "msa-client", "user", "invitation.redeemed", "invitation",
                "00000000-0000-0000-0000-0000000000c1", guest, "{\"userId\":\"" + guest + "\",\"signInAddress\":\"g@outlook.com\"}");
        audits("initiatedBy/user/id eq '" + guest + "'").then().statusCode(200).body("value", hasSize(1))
                .body("value[0].activityDisplayName", equalTo("Redeem external user invite"))
                .body("value[0].initiatedBy.user.id", equalTo(guest))
                .body("value[0].initiatedBy.app", nullValue());
        audits("initiatedBy/user/id eq 'msa-pairwise-sub'").then().statusCode(200).body("value", empty());
    }

    @Test
    void eachFilterSelectsItsEvents() {
        String user = "00000000-0000-0000-0000-0000000000d1";
        String early = event("2026-01-10T08:00:00Z", "admin-app", "admin-app", "application", "invitation.created", "invitation",
                "00000000-0000-0000-0000-0000000000e1", user, null);
        String middle = event("2026-02-10T08:00:00Z", "alice-oid", "portal", "user", "user.updated", "user", user, user, null);
        String late = event("2026-03-10T08:00:00Z", "alice-oid", "portal", "user", "policy.invitation.updated", "policy", null, null, null);
        String unrecorded = event("2026-03-11T08:00:00Z", "carol-oid", "portal", null, "user.deleted", "user",
                "00000000-0000-0000-0000-0000000000d2", "00000000-0000-0000-0000-0000000000d2", null);

        assertEquals(List.of(late, middle), ids(audits("activityDateTime ge 2026-02-01T00:00:00Z and activityDateTime le 2026-03-10T08:00:00Z")));
        assertEquals(List.of(early), ids(audits("activityDateTime le 2026-01-10T09:00:00+01:00")));
        assertEquals(List.of(unrecorded, late), ids(audits("activityDateTime ge 2026-03-01")));
        assertEquals(List.of(late), ids(audits("category eq 'Policy'")));
        assertEquals(List.of(unrecorded, middle, early), ids(audits("category eq 'UserManagement'")));
        assertEquals(List.of(), ids(audits("category eq 'GroupManagement'")));
        assertEquals(List.of(late, middle), ids(audits("initiatedBy/user/id eq 'alice-oid'")));
        assertEquals(List.of(unrecorded), ids(audits("initiatedBy/user/id eq 'carol-oid'")), "no recorded type reads as a person");
        assertEquals(List.of(), ids(audits("initiatedBy/user/id eq 'admin-app'")), "an application is not a user");
        assertEquals(List.of(early), ids(audits("initiatedBy/app/appId eq 'admin-app'")));
        assertEquals(List.of(), ids(audits("initiatedBy/app/appId eq 'portal'")));
        assertEquals(List.of(middle, early), ids(audits("targetResources/any(t:t/id eq '" + user + "')")));
        assertEquals(List.of(early), ids(audits("targetResources/any(x: x/id eq '00000000-0000-0000-0000-0000000000e1')")));
        assertEquals(List.of(late), ids(audits("targetResources/any(t:t/id eq 'invitationPolicy')")));
        assertEquals(List.of(middle), ids(audits("initiatedBy/user/id eq 'alice-oid' and category eq 'UserManagement' "
                + "and activityDateTime le 2026-02-28T00:00:00Z and targetResources/any(t:t/id eq '" + user + "')")));
        audits("category eq 'Policy'").then().body("value[0].targetResources[0].id", equalTo("invitationPolicy"))
                .body("value[0].targetResources[0].type", equalTo("Policy"));
    }

    @Test
    void pagesRunNewestFirstAndStayStableUnderEqualTimestamps() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(event("2026-02-01T00:00:00Z", "admin-app", "admin-app", "application", "user.updated", "user",
                    UUID.randomUUID().toString(), null, null));
        }
        expected.sort(java.util.Comparator.reverseOrder());
        expected.add(0, event("2026-02-02T00:00:00Z", "admin-app", "admin-app", "application", "user.deleted", "user",
                UUID.randomUUID().toString(), null, null));
        expected.add(event("2026-01-01T00:00:00Z", "admin-app", "admin-app", "application", "user.deleted", "user",
                UUID.randomUUID().toString(), null, null));

        Response page = given().auth().oauth2(auditor()).queryParam("$top", 3).queryParam("$filter", "category eq 'UserManagement'")
                .get(AUDITS);
        page.then().statusCode(200).body("value", hasSize(3)).body("'@odata.nextLink'", startsWith("https://id.contoso.test/v1.0"
                + AUDITS.substring("/v1.0".length()) + "?$filter="));
        List<String> seen = new ArrayList<>(ids(page));
        // a newer event arriving while paging neither shifts nor repeats the pages still to come
        event("2026-05-01T00:00:00Z", "admin-app", "admin-app", "application", "user.deleted", "user", UUID.randomUUID().toString(),
                null, null);
        String next = page.path("'@odata.nextLink'");
        while (next != null) {
            page = given().urlEncodingEnabled(false).auth().oauth2(auditor()).get(next.replace("https://id.contoso.test", ""));
            page.then().statusCode(200);
            seen.addAll(ids(page));
            next = page.path("'@odata.nextLink'");
        }
        assertEquals(expected, seen);
    }

    @Test
    void applicationsWithThePermissionAndPeopleWithAReaderRoleReadTheTrail() {
        String id = event("2026-03-01T10:00:00Z", "admin-app", "admin-app", "application", "user.updated", "user",
                UUID.randomUUID().toString(), null, null);
        given().auth().oauth2(auditor()).get(AUDITS).then().statusCode(200).body("value", hasSize(1));
        for (String role : new String[] { "Global Administrator", "Global Reader", "Security Reader", "Reports Reader" }) {
            given().auth().oauth2(Tokens.person("reader-oid", "AuditLog.Read.All", role)).get(AUDITS).then().statusCode(200);
            given().auth().oauth2(Tokens.person("reader-oid", "AuditLog.Read.All", role)).get(AUDITS + "/" + id).then().statusCode(200);
        }
        String[] refused = {
                Tokens.person("member-oid", "AuditLog.Read.All"),
                Tokens.person("member-oid", "AuditLog.Read.All", "User Administrator", "Guest Inviter"),
                Tokens.person("reader-oid", "User.Read.All", "Global Reader"),
                Tokens.application("other", "User.ReadWrite.All"),
        };
        for (String token : refused) {
            given().auth().oauth2(token).get(AUDITS).then().statusCode(403).body("error.code", equalTo("Forbidden"));
            given().auth().oauth2(token).get(AUDITS + "/" + id).then().statusCode(403).body("error.code", equalTo("Forbidden"));
        }
        given().get(AUDITS).then().statusCode(401);
        // each refused read is itself in the trail
        assertEquals(refused.length * 2, Directory.count("select count(*) from audit_event where action = 'authorization.refused'"));
    }

    @Test
    void badQueriesAreBadRequestsNeverServerErrors() {
        event("2026-03-01T10:00:00Z", "admin-app", "admin-app", "application", "user.updated", "user", UUID.randomUUID().toString(),
                null, null);
        for (String unsupported : new String[] { "activityDisplayName eq 'Update user'", "category ne 'Policy'",
                "category eq 'Policy' or category eq 'UserManagement'", "activityDateTime gt 2026-01-01T00:00:00Z",
                "category eq Policy", "initiatedBy/user/id eq 'a' and", "targetResources/any(t:t/type eq 'User')",
                "activityDateTime ge 'yesterday'" }) {
            audits(unsupported).then().statusCode(400).body("error.code", equalTo("BadRequest"))
                    .body("error.message", containsString("$filter"));
        }
        for (String wrongType : new String[] { "activityDateTime ge yesterday", "activityDateTime le 2026-13-45T00:00:00Z",
                "activityDateTime ge 2026-01-01T00:00:00" }) {
            audits(wrongType).then().statusCode(400).body("error.message", containsString("activityDateTime"));
        }
        audits("initiatedBy/user/id eq 'a\u0000b'").then().statusCode(400).body("error.message", containsString("control"));
        audits("category eq '" + "x".repeat(3000) + "'").then().statusCode(400).body("error.message", containsString("too long"));
        audits("category eq '" + "''".repeat(300) + "'").then().statusCode(200).body("value", empty());
        audits("initiatedBy/user/id eq 'x'' or 1=1 --'").then().statusCode(200).body("value", empty());
        for (String top : new String[] { "0", "1000", "-1", "ten", "99999999999" }) {
            given().auth().oauth2(auditor()).queryParam("$top", top).get(AUDITS).then().statusCode(400).body("error.code", equalTo("BadRequest"));
        }
        given().auth().oauth2(auditor()).queryParam("$skiptoken", "garbage").get(AUDITS).then().statusCode(400);
        given().auth().oauth2(auditor()).get(AUDITS + "/not-a-guid").then().statusCode(404).body("error.code", equalTo("NotFound"));
        given().auth().oauth2(auditor()).get(AUDITS + "/" + UUID.randomUUID()).then().statusCode(404).body("error.code", equalTo("NotFound"));
    }

    @Test
    void aUsersFilterWithAControlCharacterOrAHugeValueIsABadRequest() {
        given().auth().oauth2(Tokens.admin()).queryParam("$filter", "mail eq 'a\u0000b@example.com'").get("/v1.0/users")
                .then().statusCode(400).body("error.code", equalTo("BadRequest"));
        given().auth().oauth2(Tokens.admin()).queryParam("$filter", "mail eq '" + "a".repeat(3000) + "'").get("/v1.0/users")
                .then().statusCode(400).body("error.code", equalTo("BadRequest"));
        given().auth().oauth2(Tokens.admin()).queryParam("$filter", "mail eq '" + "a''".repeat(300) + "'").get("/v1.0/users")
                .then().statusCode(200).body("value", empty());
    }

    static List<String> ids(Response page) {
        page.then().statusCode(200);
        return page.path("value.id");
    }
}
