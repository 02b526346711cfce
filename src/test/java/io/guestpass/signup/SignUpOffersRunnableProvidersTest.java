package io.guestpass.signup;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Tokens;
import io.guestpass.federation.IdentityProvider;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A user flow may be given any provider the administration API lists (as in Entra), and sign-up offers those that are not
 * switched off: the Microsoft account, the email passcode and configured providers (Google, and Facebook, which runs in
 * sign-up only). The flow is set up through the administration API, as an administrator would.
 */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class SignUpOffersRunnableProvidersTest {

    static final String FLOW = "/v1.0/identity/b2xUserFlows/B2X_1_Partners";

    @Inject
    SignUpFlows flows;

    String clientId;

    @BeforeEach
    void aFlowWithEveryKindOfProvider() {
        Directory.reset();
        admin("{\"selfServiceSignUp\":{\"isEnabled\":true}}").patch("/v1.0/policies/authenticationFlowsPolicy").then().statusCode(204);
        admin("{\"@odata.type\":\"#microsoft.graph.socialIdentityProvider\",\"displayName\":\"Google\",\"identityProviderType\":\"Google\","
                + "\"clientId\":\"c.apps.googleusercontent.com\",\"clientSecret\":\"s\"}").post("/v1.0/identity/identityProviders").then().statusCode(201);
        admin("{\"@odata.type\":\"#microsoft.graph.socialIdentityProvider\",\"displayName\":\"Facebook\",\"identityProviderType\":\"Facebook\","
                + "\"clientId\":\"1234567890\",\"clientSecret\":\"s\"}").post("/v1.0/identity/identityProviders").then().statusCode(201);
        admin("{\"id\":\"Partners\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}").post("/v1.0/identity/b2xUserFlows")
                .then().statusCode(201);
        for (String provider : List.of("EmailOtpSignup-OAUTH", "Google-OAUTH", "Facebook-OAUTH")) {
            admin("{\"@odata.id\":\"https://id.contoso.test/v1.0/identity/identityProviders/" + provider + "\"}")
                    .post(FLOW + "/userFlowIdentityProviders/$ref").then().statusCode(204);
        }
        var app = admin("{\"displayName\":\"Partner portal\"}").post("/v1.0/applications").then().statusCode(201).extract();
        clientId = app.path("appId");
        admin("{\"@odata.id\":\"https://id.contoso.test/v1.0/applications/" + app.path("id") + "\"}")
                .post(FLOW + "/applications/$ref").then().statusCode(204);
    }

    private static io.restassured.specification.RequestSpecification admin(String body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body);
    }

    private SignUpFlows.Lookup lookup() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> flows.ofApplication(clientId));
    }

    @Test
    void everyListedProviderIsOfferedMicrosoftAccountFirstFacebookToo() throws Throwable {
        SignUpFlows.Lookup found = lookup();
        assertNull(found.refusal());
        assertEquals(List.of("MSASignup-OAUTH", "EmailOtpSignup-OAUTH", "Google-OAUTH", "Facebook-OAUTH"),
                found.flow().providers().stream().map(IdentityProvider::id).toList());
    }

    @Test
    void aSwitchedOffPasscodeProviderIsNotOffered() throws Throwable {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"state\":\"disabled\"}")
                .patch("/v1.0/identity/identityProviders/EmailOtpSignup-OAUTH").then().statusCode(204);
        assertEquals(List.of("MSASignup-OAUTH", "Google-OAUTH", "Facebook-OAUTH"),
                lookup().flow().providers().stream().map(IdentityProvider::id).toList());
    }

    @Test
    void aFlowLeftWithOnlySwitchedOffProvidersOffersNoSignUp() throws Throwable {
        for (String provider : List.of("MSASignup-OAUTH", "Google-OAUTH", "Facebook-OAUTH")) {
            given().auth().oauth2(Tokens.admin()).delete(FLOW + "/userFlowIdentityProviders/" + provider + "/$ref").then().statusCode(204);
        }
        assertEquals(List.of("EmailOtpSignup-OAUTH"), lookup().flow().providers().stream().map(IdentityProvider::id).toList());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"state\":\"disabled\"}")
                .patch("/v1.0/identity/identityProviders/EmailOtpSignup-OAUTH").then().statusCode(204);
        assertEquals(SignUpFlows.Refusal.NO_FLOW, lookup().refusal());
    }
}
