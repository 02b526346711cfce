package io.guestpass.graph.policies;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** invitationPolicy.redemptionProviders (ours): which providers redemption offers, in which order. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class RedemptionProvidersPolicyTest {

    static final String POLICY = "/v1.0/policies/invitationPolicy";

    @BeforeEach
    void defaults() {
        Directory.reset();
    }

    private static ValidatableResponse patch(String body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).patch(POLICY).then();
    }

    @Test
    void theMicrosoftAccountAndTheEmailPasscodeByDefaultAndAnyListedProvidersInTheGivenOrder() {
        given().auth().oauth2(Tokens.admin()).get(POLICY).then().statusCode(200)
                .body("redemptionProviders", contains("MSASignup-OAUTH", "EmailOtpSignup-OAUTH"));
        patch("{\"requireMatchingAddress\":false}").statusCode(204);
        given().auth().oauth2(Tokens.admin()).get(POLICY).then().body("redemptionProviders", contains("MSASignup-OAUTH", "EmailOtpSignup-OAUTH"));

        // a configured provider counts as listed (redemption offers it once a journey can run it)
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"@odata.type\":\"#microsoft.graph.socialIdentityProvider\",\"displayName\":\"Google\",\"identityProviderType\":\"Google\","
                        + "\"clientId\":\"c.apps.googleusercontent.com\",\"clientSecret\":\"s\"}")
                .post("/v1.0/identity/identityProviders").then().statusCode(201);
        long audited = Directory.count("select count(*) from audit_event where action = 'policy.invitation.updated'");
        patch("{\"redemptionProviders\":[\"EmailOtpSignup-OAUTH\",\"Google-OAUTH\",\"EmailOtpSignup-OAUTH\"]}").statusCode(204);
        given().auth().oauth2(Tokens.admin()).get(POLICY).then().body("redemptionProviders", contains("EmailOtpSignup-OAUTH", "Google-OAUTH"));
        assertEquals(audited + 1, Directory.count("select count(*) from audit_event where action = 'policy.invitation.updated'"));
    }

    @Test
    void anEmptyUnknownOrFacebookListIsRefusedAndNothingChanges() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"@odata.type\":\"#microsoft.graph.socialIdentityProvider\",\"displayName\":\"Facebook\",\"identityProviderType\":\"Facebook\","
                        + "\"clientId\":\"1234\",\"clientSecret\":\"s\"}")
                .post("/v1.0/identity/identityProviders").then().statusCode(201);
        String before = Directory.fingerprint();
        patch("{\"redemptionProviders\":[]}").statusCode(400).body("error.code", equalTo("BadRequest"))
                .body("error.message", containsString("at least one identity provider"));
        patch("{\"redemptionProviders\":[\"MSASignup-OAUTH\",\"OIDC-00000000-0000-0000-0000-000000000001\"]}").statusCode(400)
                .body("error.message", containsString("'OIDC-00000000-0000-0000-0000-000000000001' is not an identity provider"));
        patch("{\"redemptionProviders\":[\"Facebook-OAUTH\"]}").statusCode(400)
                .body("error.message", containsString("Facebook is offered in sign-up user flows only"));
        patch("{\"redemptionProviders\":[\"MSASignup-OAUTH\",null]}").statusCode(400)
                .body("error.message", containsString("empty entries"));
        patch("{\"redemptionProviders\":\"MSASignup-OAUTH\"}").statusCode(400);
        patch("{\"redemptionProviders\":[\"MSASignup-OAUTH\"],\"invitationLifetimeDays\":0}").statusCode(400);
        assertEquals(before, Directory.fingerprint());
        given().auth().oauth2(Tokens.admin()).get(POLICY).then().body("redemptionProviders", contains("MSASignup-OAUTH", "EmailOtpSignup-OAUTH"));
    }
}
