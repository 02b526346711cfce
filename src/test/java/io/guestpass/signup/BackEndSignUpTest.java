package io.guestpass.signup;

import io.guestpass.directory.UserFlow.InputType;
import io.guestpass.directory.UserFlowAttribute;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.MicrosoftBackEnd;
import io.guestpass.fixtures.Simultaneously;
import io.guestpass.oidc.AppSignIn;
import io.guestpass.oidc.Applications;
import io.guestpass.oidc.SignUpRole;
import io.guestpass.redeem.Invitations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code POST /signup/{userFlowId}}: a back end holding a person's Microsoft-account ID token (real ones, from the local
 * stand-in, issued to the back end's own Microsoft application) signs them up in one call, authenticated as the registered
 * application.
 */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class BackEndSignUpTest {

    static final String FLOW = "/signup/B2X_1_OrdersSignUp";

    @Inject
    Applications applications;

    @Inject
    Invitations invitations;

    Applications.Registered app;
    String favourite;

    @BeforeEach
    void anOrdersBackEndWithAFlow() {
        Directory.reset();
        UserFlows.signUpEnabled(true);
        app = applications.web("Contoso Orders", AppSignIn.CALLBACK);
        Directory.execute("update application set microsoft_account_client_ids = ?::text[] where id = ?",
                "{" + GuestpassTestResources.BACK_END_MSA_CLIENT_ID + "}", app.objectId());
        favourite = UserFlows.custom("FavouriteNumber", UserFlowAttribute.DataType.int64);
        UserFlows.flow("OrdersSignUp", app.objectId(),
                UserFlows.required("city", "City", InputType.textBox),
                UserFlows.optional(favourite, "Favourite number", InputType.textBox));
    }

    @Test
    void aBackEndSignsAPersonUpOnceAndLaterFindsTheSameGuest() {
        String email = "api-" + UUID.randomUUID() + "@outlook.com";
        String id = signUp(MicrosoftBackEnd.idTokenFor(email), Map.of("city", "Utrecht", favourite, 7))
                .then().statusCode(201)
                .header("Location", endsWith("/v1.0/users/" + Directory.text("select id::text from guest_user where mail = ?", email)))
                .body("mail", equalTo(email))
                .body("creationType", equalTo("SelfServiceSignUp"))
                .body("externalUserState", equalTo("Accepted"))
                .body("city", equalTo("Utrecht"))
                .body("'" + favourite + "'", equalTo(7))
                .extract().path("id");
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'user.signedUp' and target_id = ?", id));
        // sign up or sign in: the same person again is the same guest
        signUp(MicrosoftBackEnd.idTokenFor(email), Map.of("city", "Gent")).then().statusCode(200).body("id", equalTo(id))
                .body("city", equalTo("Utrecht"));
        assertEquals(1, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void eachTokenIsUsedOnceButAMistakeInTheAttributesDoesNotUseItUp() {
        String email = "once-" + UUID.randomUUID() + "@outlook.com";
        String token = MicrosoftBackEnd.idTokenFor(email);
        signUp(token, Map.of("city", "Utrecht", favourite, "many")).then().statusCode(400)
                .body("error.code", equalTo("ValidationError")).body("error.target", equalTo(favourite));
        signUp(token, Map.of("city", "Utrecht", "jobTitle", "CEO")).then().statusCode(400)
                .body("error.code", equalTo("ValidationError")).body("error.target", equalTo("jobTitle"));
        signUp(token, Map.of("city", Map.of("nested", true))).then().statusCode(400).body("error.code", equalTo("BadRequest"));
        signUp(token, Map.of("city", "x".repeat(10_000))).then().statusCode(400).body("error.target", equalTo("city"));
        signUp(token, Map.of("city", "Utrecht")).then().statusCode(201);
        signUp(token, Map.of("city", "Utrecht")).then().statusCode(400)
                .body("error.code", equalTo("InvalidIdToken")).body("error.message", containsString("already used"));
    }

    @Test
    void aRequiredAttributeMissingAfterTheTokenIsCheckedIsAValidationErrorAndCreatesNothing() {
        signUp(MicrosoftBackEnd.idTokenFor("missing-" + UUID.randomUUID() + "@outlook.com"), Map.of()).then().statusCode(400)
                .body("error.code", equalTo("ValidationError")).body("error.target", equalTo("city"));
        assertEquals(0, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void onlyTheApplicationItselfWithATokenForOneOfItsMicrosoftApplicationsMaySignPeopleUp() {
        String email = "auth-" + UUID.randomUUID() + "@outlook.com";
        given().contentType(ContentType.JSON).body(Map.of("idToken", MicrosoftBackEnd.idTokenFor(email))).post(FLOW)
                .then().statusCode(401).header("WWW-Authenticate", containsString("Basic"));
        given().auth().preemptive().basic(app.clientId(), "wrong").contentType(ContentType.JSON)
                .body(Map.of("idToken", MicrosoftBackEnd.idTokenFor(email))).post(FLOW).then().statusCode(401);
        // an ID token issued to Guestpass's own Microsoft application is not this back end's
        signUp(MicrosoftBackEnd.idTokenForGuestpassItself(email), Map.of("city", "Delft")).then().statusCode(400)
                .body("error.code", equalTo("InvalidIdToken")).body("error.message", containsString("microsoftAccountClientIds"));
        signUp("not-a-token", Map.of("city", "Delft")).then().statusCode(400).body("error.code", equalTo("InvalidIdToken"));
        given().auth().preemptive().basic(app.clientId(), app.secret()).contentType(ContentType.JSON).body("{\"city\":").post(FLOW)
                .then().statusCode(400);
        given().auth().preemptive().basic(app.clientId(), app.secret()).contentType(ContentType.JSON).body("{}").post(FLOW)
                .then().statusCode(400).body("error.target", equalTo("idToken"));
        assertEquals(0, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void switchedOffOrAnotherApplicationsFlowIsRefused() {
        Applications.Registered other = applications.web("Fabrikam", AppSignIn.CALLBACK);
        given().auth().preemptive().basic(other.clientId(), other.secret()).contentType(ContentType.JSON)
                .body(Map.of("idToken", "x")).post(FLOW).then().statusCode(404);
        UserFlows.signUpEnabled(false);
        signUp(MicrosoftBackEnd.idTokenFor("off-" + UUID.randomUUID() + "@outlook.com"), Map.of("city", "Delft")).then().statusCode(403)
                .body("error.code", equalTo("SelfServiceSignUpDisabled"));
    }

    @Test
    void aPendingInviteeAcceptsTheirInvitation() {
        String email = "invitee-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        signUp(MicrosoftBackEnd.idTokenFor(email), Map.of("city", "Delft")).then().statusCode(200)
                .body("creationType", equalTo("Invitation")).body("externalUserState", equalTo("Accepted"));
        assertEquals(1, Directory.count("select count(*) from guest_user"));
    }

    @Test
    void twoSimultaneousSignUpsOfOnePersonMakeOneGuest() throws Exception {
        String email = "twice-" + UUID.randomUUID() + "@outlook.com";
        List<String> tokens = List.of(MicrosoftBackEnd.idTokenFor(email), MicrosoftBackEnd.idTokenFor(email),
                MicrosoftBackEnd.idTokenFor(email));
        List<Callable<Integer>> calls = tokens.stream()
                .<Callable<Integer>>map(token -> () -> signUp(token, Map.of("city", "Leiden")).statusCode()).toList();
        List<Integer> statuses = Simultaneously.call(calls);
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(2, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1, Directory.count("select count(*) from guest_user"));
        assertEquals(1, Directory.count("select count(*) from sign_in_identity"));
    }

    private Response signUp(String idToken, Map<String, Object> attributes) {
        return given().auth().preemptive().basic(app.clientId(), app.secret()).contentType(ContentType.JSON)
                .body(Map.of("idToken", idToken, "attributes", attributes)).post(FLOW);
    }
}
