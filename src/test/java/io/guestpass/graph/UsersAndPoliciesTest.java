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

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class UsersAndPoliciesTest {

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    private static String invite(String address) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"invitedUserEmailAddress\":\"" + address + "\",\"inviteRedirectUrl\":\"https://app.contoso.test/\","
                        + "\"sendInvitationMessage\":true}")
                .post("/v1.0/invitations").then().statusCode(201).extract().path("invitedUser.id");
    }

    @Test
    void aGuestReadsBackInGraphsShape() {
        String id = invite("Mary.Jackson@example.com");
        given().auth().oauth2(Tokens.application("reader", "User.Read.All")).get("/v1.0/users/" + id).then().statusCode(200)
                .body("'@odata.context'", equalTo("https://id.contoso.test/v1.0/$metadata#users/$entity"))
                .body("id", equalTo(id))
                .body("mail", equalTo("Mary.Jackson@example.com"))
                .body("userType", equalTo("Guest"))
                .body("userPrincipalName", equalTo("mary.jackson_example.com#EXT#@contoso.test"))
                .body("externalUserState", equalTo("PendingAcceptance"))
                .body("externalUserStateChangeDateTime", notNullValue())
                .body("creationType", equalTo("Invitation"))
                .body("accountEnabled", equalTo(true))
                .body("identities", empty());
        given().auth().oauth2(Tokens.admin()).get("/v1.0/users/00000000-0000-0000-0000-000000000009").then().statusCode(404)
                .body("error.code", equalTo("Request_ResourceNotFound"));
        given().auth().oauth2(Tokens.admin()).get("/v1.0/users/not-a-guid").then().statusCode(404)
                .body("error.code", equalTo("Request_ResourceNotFound"));
    }

    @Test
    void usersAreFilteredAndPagedAsGraphDoes() {
        for (int i = 0; i < 7; i++) {
            invite("u" + i + "@example.com");
        }
        String linked = invite("linked@example.com");
        Directory.execute("update guest_user set external_user_state = 'Accepted' where id = ?::uuid", linked);
        Directory.execute("insert into sign_in_identity (id, user_id, sign_in_type, issuer, issuer_assigned_id, created_at) "
                + "values (gen_random_uuid(), ?::uuid, 'federated', 'MicrosoftAccount', '00000000-0000-0000-aaaa-000000000001', now())", linked);

        Response first = given().auth().oauth2(Tokens.admin()).queryParam("$top", 3)
                .queryParam("$filter", "userType eq 'Guest' and externalUserState eq 'PendingAcceptance'").get("/v1.0/users");
        first.then().statusCode(200).body("'@odata.context'", equalTo("https://id.contoso.test/v1.0/$metadata#users"))
                .body("value", hasSize(3)).body("'@odata.nextLink'", containsString("$skiptoken="));
        int seen = 3;
        String next = first.path("'@odata.nextLink'");
        while (next != null) {
            Response page = given().urlEncodingEnabled(false).auth().oauth2(Tokens.admin()).get(next.replace("https://id.contoso.test", ""));
            seen += page.<java.util.List<?>>path("value").size();
            next = page.path("'@odata.nextLink'");
        }
        assertEquals(7, seen);

        given().auth().oauth2(Tokens.admin()).queryParam("$filter", "mail eq 'LINKED@example.com'").get("/v1.0/users")
                .then().body("value", hasSize(1)).body("value[0].id", equalTo(linked))
                .body("value[0].identities[0].issuer", equalTo("MicrosoftAccount"));
        given().auth().oauth2(Tokens.admin())
                .queryParam("$filter", "identities/any(i:i/issuer eq 'MicrosoftAccount' and i/issuerAssignedId eq '00000000-0000-0000-aaaa-000000000001')")
                .get("/v1.0/users").then().statusCode(200).body("value", hasSize(1)).body("value[0].id", equalTo(linked));
        given().auth().oauth2(Tokens.admin()).queryParam("$filter", "creationType eq 'Invitation' and mail eq 'u1@example.com'")
                .get("/v1.0/users").then().body("value", hasSize(1));
        given().auth().oauth2(Tokens.admin()).queryParam("$filter", "mail eq 'x'' or 1=1 --'").get("/v1.0/users")
                .then().statusCode(200).body("value", empty());
        for (String unsupported : new String[] { "displayName eq 'x'", "startswith(mail,'u')", "mail ne 'x'", "mail eq 'a' or mail eq 'b'",
                "userType eq 'Admin'" }) {
            given().auth().oauth2(Tokens.admin()).queryParam("$filter", unsupported).get("/v1.0/users")
                    .then().statusCode(400).body("error.code", equalTo("BadRequest"));
        }
        given().auth().oauth2(Tokens.admin()).queryParam("$top", 1000).get("/v1.0/users").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).queryParam("$skiptoken", "garbage").get("/v1.0/users").then().statusCode(400);
    }

    @Test
    void disablingRenamingAndDeletingAGuest() {
        String id = invite("del@example.com");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"displayName\":\"Del\",\"accountEnabled\":false}")
                .patch("/v1.0/users/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/users/" + id).then().body("displayName", equalTo("Del")).body("accountEnabled", equalTo(false));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"mail\":\"other@example.com\"}")
                .patch("/v1.0/users/" + id).then().statusCode(400).body("error.message", containsString("mail"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"accountEnabled\":\"no\"}")
                .patch("/v1.0/users/" + id).then().statusCode(400);

        given().auth().oauth2(Tokens.admin()).delete("/v1.0/users/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/users/" + id).then().statusCode(404);
        assertEquals(0, Directory.count("select count(*) from invitation"));
        assertEquals(0, Directory.count("select count(*) from mail_message"));
        assertEquals(0, Directory.count("select count(*) from redeem_ticket"));
        assertEquals(0, Directory.count("select count(*) from audit_event where personal_data::text like '%del@example.com%'"));
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'user.deleted' and target_id = ?", id));
        given().auth().oauth2(Tokens.admin()).delete("/v1.0/users/" + id).then().statusCode(404);
    }

    @Test
    void policiesReadAndChange() {
        given().auth().oauth2(Tokens.admin()).get("/v1.0/policies/authorizationPolicy").then().statusCode(200)
                .body("id", equalTo("authorizationPolicy")).body("allowInvitesFrom", equalTo("adminsAndGuestInviters"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"allowInvitesFrom\":\"everyone\"}")
                .patch("/v1.0/policies/authorizationPolicy").then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/policies/authorizationPolicy").then().body("allowInvitesFrom", equalTo("everyone"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"allowInvitesFrom\":\"anyone\"}")
                .patch("/v1.0/policies/authorizationPolicy").then().statusCode(400);

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"allowedDomains\":[\"Partner.EXAMPLE\",\"bücher.example\"],\"allowedRedirectOrigins\":[\"https://App.Contoso.test:443\"],"
                        + "\"invitationLifetimeDays\":7,\"requireMatchingAddress\":false}")
                .patch("/v1.0/policies/invitationPolicy").then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/policies/invitationPolicy").then().statusCode(200)
                .body("allowedDomains", contains("partner.example", "xn--bcher-kva.example"))
                .body("allowedRedirectOrigins", contains("https://app.contoso.test"))
                .body("invitationLifetimeDays", equalTo(7)).body("requireMatchingAddress", equalTo(false));
        String before = Directory.fingerprint();
        for (String bad : new String[] { "{\"blockedDomains\":[\"evil.example\"]}", "{\"invitationLifetimeDays\":91}",
                "{\"invitationLifetimeDays\":0}", "{\"allowedRedirectOrigins\":[\"http://app.contoso.test\"]}",
                "{\"allowedRedirectOrigins\":[\"https://app.contoso.test/path\"]}", "{\"allowedRedirectOrigins\":[\"javascript:alert(1)\"]}",
                "{\"allowedDomains\":[\"not a domain\"]}", "{\"unknown\":1}", "{\"allowedDomains\":\"partner.example\"}" }) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(bad).patch("/v1.0/policies/invitationPolicy")
                    .then().statusCode(400).body("error.code", equalTo("BadRequest"));
        }
        assertEquals(before, Directory.fingerprint());

        given().auth().oauth2(Tokens.admin()).get("/v1.0/policies/authenticationFlowsPolicy").then()
                .body("selfServiceSignUp.isEnabled", equalTo(false));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"selfServiceSignUp\":{\"isEnabled\":true}}")
                .patch("/v1.0/policies/authenticationFlowsPolicy").then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/policies/authenticationFlowsPolicy").then()
                .body("selfServiceSignUp.isEnabled", equalTo(true));
    }
}
