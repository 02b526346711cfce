package io.guestpass.graph.userflows;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Simultaneously;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The user-flow administration API: flows, their providers, attributes and assignments, applications; who may do what. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class UserFlowsTest {

    static final String FLOWS = "/v1.0/identity/b2xUserFlows";
    static final String ATTRIBUTES = "/v1.0/identity/userFlowAttributes";
    static final String PROVIDERS = "/v1.0/identity/identityProviders";
    static final String EXTENSIONS_APP = "000000000000000000000000000007e5";

    @BeforeEach
    void empty() {
        Directory.reset();
    }

    private static Response post(String path, String body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).post(path);
    }

    private static Response patch(String path, String body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).patch(path);
    }

    private static Response get(String path) {
        return given().auth().oauth2(Tokens.admin()).get(path);
    }

    private static void createFlow(String name) {
        post(FLOWS, "{\"id\":\"" + name + "\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}").then().statusCode(201);
    }

    @Test
    void theMicrosoftAccountProviderIsBuiltInListedAndCanBeDisabledButNeverDeleted() {
        get(PROVIDERS).then().statusCode(200)
                .body("value", hasSize(2)) // beside the email passcode (IdentityProvidersTest)
                .body("value[0].'@odata.type'", equalTo("#microsoft.graph.builtInIdentityProvider"))
                .body("value[0].id", equalTo("MSASignup-OAUTH"))
                .body("value[0].displayName", equalTo("Microsoft Account"))
                .body("value[0].identityProviderType", equalTo("MicrosoftAccount"))
                .body("value[0].state", equalTo("enabled"));
        get(PROVIDERS + "/availableProviderTypes").then().statusCode(200).body("value", hasItem("MicrosoftAccount"));

        patch(PROVIDERS + "/MSASignup-OAUTH", "{\"state\":\"disabled\"}").then().statusCode(204);
        get(PROVIDERS + "/MSASignup-OAUTH").then().statusCode(200).body("state", equalTo("disabled"));
        patch(PROVIDERS + "/MSASignup-OAUTH", "{\"state\":\"enabled\"}").then().statusCode(204);
        get(PROVIDERS + "/MSASignup-OAUTH").then().body("state", equalTo("enabled"));
        assertEquals(2, Directory.count("select count(*) from audit_event where target_type = 'identityProvider'"));

        patch(PROVIDERS + "/MSASignup-OAUTH", "{\"state\":\"off\"}").then().statusCode(400).body("error.code", equalTo("BadRequest"));
        patch(PROVIDERS + "/MSASignup-OAUTH", "{\"displayName\":\"Mine\"}").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).delete(PROVIDERS + "/MSASignup-OAUTH").then().statusCode(400)
                .body("error.message", containsString("cannot be deleted"));
        get(PROVIDERS + "/Google-OAUTH").then().statusCode(404).body("error.code", equalTo("NotFound"));
        post(PROVIDERS, "{\"@odata.type\":\"#microsoft.graph.socialIdentityProvider\",\"displayName\":\"Google\"}").then().statusCode(400);
    }

    @Test
    void aFlowIsCreatedWithThePrefixListedReadAndDeleted() {
        post(FLOWS, "{\"id\":\"PartnerSignUp\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}").then().statusCode(201)
                .header("Location", equalTo("https://id.contoso.test/v1.0/identity/b2xUserFlows/B2X_1_PartnerSignUp"))
                .body("id", equalTo("B2X_1_PartnerSignUp")).body("userFlowType", equalTo("signUpOrSignIn"))
                .body("userFlowTypeVersion", equalTo(1));
        // ids compare case-insensitively
        post(FLOWS, "{\"id\":\"partnersignup\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}").then().statusCode(409)
                .body("error.code", equalTo("Conflict"));
        get(FLOWS).then().statusCode(200).body("value.id", contains("B2X_1_PartnerSignUp"));
        get(FLOWS + "/B2X_1_PartnerSignUp").then().statusCode(200).body("id", equalTo("B2X_1_PartnerSignUp"));
        // the Microsoft account is offered without any configuration
        get(FLOWS + "/B2X_1_PartnerSignUp/userFlowIdentityProviders").then().statusCode(200).body("value.id", contains("MSASignup-OAUTH"));

        given().auth().oauth2(Tokens.admin()).delete(FLOWS + "/B2X_1_PartnerSignUp").then().statusCode(204);
        get(FLOWS + "/B2X_1_PartnerSignUp").then().statusCode(404).body("error.code", equalTo("NotFound"));
        given().auth().oauth2(Tokens.admin()).delete(FLOWS + "/B2X_1_PartnerSignUp").then().statusCode(404);
        assertEquals(2, Directory.count("select count(*) from audit_event where target_type = 'userFlow'"));
    }

    @Test
    void aFlowRequestIsValidatedFieldByField() {
        post(FLOWS, "{\"id\":\"A\",\"userFlowType\":\"signIn\",\"userFlowTypeVersion\":1}").then().statusCode(400)
                .body("error.message", containsString("userFlowType"));
        post(FLOWS, "{\"id\":\"A\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":2}").then().statusCode(400)
                .body("error.message", containsString("userFlowTypeVersion"));
        post(FLOWS, "{\"id\":\"A\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":\"1\"}").then().statusCode(400);
        post(FLOWS, "{\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}").then().statusCode(400)
                .body("error.message", containsString("id"));
        post(FLOWS, "{\"id\":\"<script>alert(1)</script>\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}")
                .then().statusCode(400);
        post(FLOWS, "{\"id\":\"" + "x".repeat(65) + "\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}").then().statusCode(400);
        post(FLOWS, "{\"id\":\"A\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1,\"colour\":\"red\"}").then().statusCode(400);
        post(FLOWS, "[1,2]").then().statusCode(400);
        assertEquals(0, Directory.count("select count(*) from user_flow"));
    }

    @Test
    void twoAdministratorsCreatingOneFlowAtOnceGetOneFlowAndOneConflict() throws Exception {
        Callable<Integer> create = () -> post(FLOWS, "{\"id\":\"Race\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}")
                .statusCode();
        List<Integer> statuses = Simultaneously.call(List.of(create, create, create));
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(2, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
    }

    @Test
    void providersOfAFlowAreAddedByReferenceAndTheLastOneStays() {
        createFlow("P");
        String flow = FLOWS + "/B2X_1_P/userFlowIdentityProviders";
        post(flow + "/$ref", "{\"@odata.id\":\"https://id.contoso.test/v1.0/identity/identityProviders/MSASignup-OAUTH\"}")
                .then().statusCode(409);
        post(flow + "/$ref", "{\"@odata.id\":\"https://id.contoso.test/v1.0/identity/identityProviders/Facebook-OAUTH\"}")
                .then().statusCode(400).body("error.message", containsString("Facebook-OAUTH"));
        post(flow + "/$ref", "{\"@odata.id\":\"nonsense\"}").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).delete(flow + "/MSASignup-OAUTH/$ref").then().statusCode(400)
                .body("error.message", containsString("at least one"));
        given().auth().oauth2(Tokens.admin()).delete(flow + "/Google-OAUTH/$ref").then().statusCode(404);
        post(FLOWS + "/B2X_1_Missing/userFlowIdentityProviders/$ref",
                "{\"@odata.id\":\"https://id.contoso.test/v1.0/identity/identityProviders/MSASignup-OAUTH\"}").then().statusCode(404);
    }

    @Test
    void builtInAndCustomAttributesAreListedAndCustomOnesCarryTheExtensionName() {
        get(ATTRIBUTES).then().statusCode(200).body("value", hasSize(10))
                .body("value.id", hasItems("email", "displayName", "givenName", "surname", "country"))
                .body("value.find { it.id == 'city' }.userFlowAttributeType", equalTo("builtIn"))
                .body("value.find { it.id == 'city' }.dataType", equalTo("string"));

        post(ATTRIBUTES, "{\"displayName\":\"ShoeSize\",\"description\":\"Your shoe size\",\"dataType\":\"int64\"}").then().statusCode(201)
                .body("id", equalTo("extension_" + EXTENSIONS_APP + "_ShoeSize"))
                .body("userFlowAttributeType", equalTo("custom")).body("dataType", equalTo("int64"));
        post(ATTRIBUTES, "{\"displayName\":\"Newsletter\",\"dataType\":\"boolean\"}").then().statusCode(201).body("dataType", equalTo("boolean"));
        post(ATTRIBUTES, "{\"displayName\":\"shoesize\",\"dataType\":\"string\"}").then().statusCode(409);
        post(ATTRIBUTES, "{\"displayName\":\"Shoe size\",\"dataType\":\"string\"}").then().statusCode(400);
        post(ATTRIBUTES, "{\"displayName\":\"<b>x</b>\",\"dataType\":\"string\"}").then().statusCode(400);
        post(ATTRIBUTES, "{\"displayName\":\"Colour\",\"dataType\":\"colour\"}").then().statusCode(400)
                .body("error.message", containsString("dataType"));
        post(ATTRIBUTES, "{\"displayName\":\"Colour\",\"dataType\":\"string\",\"description\":\"" + "d".repeat(1025) + "\"}")
                .then().statusCode(400);
        get(ATTRIBUTES).then().body("value", hasSize(12));

        String shoeSize = ATTRIBUTES + "/extension_" + EXTENSIONS_APP + "_ShoeSize";
        patch(shoeSize, "{\"description\":\"EU size\"}").then().statusCode(204);
        get(shoeSize).then().statusCode(200).body("description", equalTo("EU size"));
        patch(shoeSize, "{\"dataType\":\"string\"}").then().statusCode(400);
        patch(ATTRIBUTES + "/city", "{\"description\":\"x\"}").then().statusCode(400);
        given().auth().oauth2(Tokens.admin()).delete(ATTRIBUTES + "/city").then().statusCode(400);
        get(ATTRIBUTES + "/extension_nothing").then().statusCode(404);

        // an attribute a flow collects is not deleted from under it
        createFlow("Shoes");
        post(FLOWS + "/B2X_1_Shoes/userAttributeAssignments", "{\"userInputType\":\"textBox\",\"userAttribute\":{\"id\":\"extension_"
                + EXTENSIONS_APP + "_ShoeSize\"}}").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).delete(shoeSize).then().statusCode(409).body("error.message", containsString("B2X_1_Shoes"));
        given().auth().oauth2(Tokens.admin()).delete(FLOWS + "/B2X_1_Shoes/userAttributeAssignments/extension_" + EXTENSIONS_APP + "_ShoeSize")
                .then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).delete(shoeSize).then().statusCode(204);
    }

    @Test
    void assignmentsTakeEitherSpellingCheckTheInputAgainstTheDataTypeAndKeepTheirOrder() {
        createFlow("Form");
        post(ATTRIBUTES, "{\"displayName\":\"Newsletter\",\"dataType\":\"boolean\"}").then().statusCode(201);
        post(ATTRIBUTES, "{\"displayName\":\"Born\",\"dataType\":\"dateTime\"}").then().statusCode(201);
        post(ATTRIBUTES, "{\"displayName\":\"Teams\",\"dataType\":\"stringCollection\"}").then().statusCode(201);
        String assignments = FLOWS + "/B2X_1_Form/userAttributeAssignments";

        post(assignments, "{\"isOptional\":false,\"requiresVerification\":false,\"userInputType\":\"TextBox\",\"displayName\":\"City\","
                + "\"userAttributeValues\":[],\"userAttribute\":{\"id\":\"city\"}}").then().statusCode(201)
                .header("Location", endsWith("/userAttributeAssignments/city"))
                .body("id", equalTo("city")).body("userInputType", equalTo("textBox")).body("isOptional", equalTo(false));
        post(assignments, "{\"userInputType\":\"textBox\",\"userAttribute\":{\"id\":\"city\"}}").then().statusCode(409);
        post(assignments, "{\"userInputType\":\"emailBox\",\"userAttribute\":{\"id\":\"email\"}}").then().statusCode(201);
        post(assignments, "{\"userInputType\":\"textBox\",\"userAttribute\":{\"id\":\"extension_" + EXTENSIONS_APP + "_Born\"}}")
                .then().statusCode(400).body("error.message", containsString("dateTimeDropdown"));
        post(assignments, "{\"userInputType\":\"dateTimeDropdown\",\"isOptional\":true,\"userAttribute\":{\"id\":\"extension_"
                + EXTENSIONS_APP + "_Born\"}}").then().statusCode(201).body("isOptional", equalTo(true));
        // a yes/no question gets its two choices when none are given
        post(assignments, "{\"userInputType\":\"radioSingleSelect\",\"userAttribute\":{\"id\":\"extension_" + EXTENSIONS_APP
                + "_Newsletter\"}}").then().statusCode(201).body("userAttributeValues.value", contains("true", "false"));
        post(assignments, "{\"userInputType\":\"checkboxMultiSelect\",\"userAttribute\":{\"id\":\"extension_" + EXTENSIONS_APP
                + "_Teams\"}}").then().statusCode(400).body("error.message", containsString("choices"));
        post(assignments, "{\"userInputType\":\"checkboxMultiSelect\",\"userAttributeValues\":[{\"name\":\"Red\",\"value\":\"red\","
                + "\"isDefault\":false},{\"name\":\"Blue\",\"value\":\"RED\",\"isDefault\":false}],\"userAttribute\":{\"id\":\"extension_"
                + EXTENSIONS_APP + "_Teams\"}}").then().statusCode(400).body("error.message", containsString("more than once"));
        post(assignments, "{\"userInputType\":\"checkbox\",\"userAttribute\":{\"id\":\"country\"}}").then().statusCode(400)
                .body("error.message", containsString("userInputType"));
        post(assignments, "{\"userInputType\":\"textBox\",\"requiresVerification\":true,\"userAttribute\":{\"id\":\"country\"}}")
                .then().statusCode(400).body("error.message", containsString("requiresVerification"));
        post(assignments, "{\"userInputType\":\"textBox\",\"userAttribute\":{\"id\":\"shoeSize\"}}").then().statusCode(400);
        post(assignments, "{\"userInputType\":\"textBox\",\"displayName\":\"a\\u0000b\",\"userAttribute\":{\"id\":\"country\"}}")
                .then().statusCode(400);
        post(assignments, "{\"userInputType\":\"textBox\",\"isOptional\":\"no\",\"userAttribute\":{\"id\":\"country\"}}").then().statusCode(400);

        get(assignments + "/getOrder").then().statusCode(200).body("order", contains("city", "email",
                "extension_" + EXTENSIONS_APP + "_Born", "extension_" + EXTENSIONS_APP + "_Newsletter"));
        post(assignments + "/setOrder", "{\"newAssignmentOrder\":{\"order\":[\"email\",\"city\"]}}").then().statusCode(400);
        post(assignments + "/setOrder", "{\"newAssignmentOrder\":{\"order\":[\"email\",\"extension_" + EXTENSIONS_APP + "_Newsletter\","
                + "\"city\",\"extension_" + EXTENSIONS_APP + "_Born\"]}}").then().statusCode(204);
        get(assignments).then().statusCode(200).body("value.id", contains("email", "extension_" + EXTENSIONS_APP + "_Newsletter", "city",
                "extension_" + EXTENSIONS_APP + "_Born"));

        patch(assignments + "/city", "{\"isOptional\":true,\"userInputType\":\"dropdownSingleSelect\",\"userAttributeValues\":"
                + "[{\"name\":\"Amsterdam\",\"value\":\"Amsterdam\",\"isDefault\":true}]}").then().statusCode(204);
        get(assignments + "/city").then().statusCode(200).body("isOptional", equalTo(true)).body("displayName", equalTo("City"))
                .body("userInputType", equalTo("dropdownSingleSelect")).body("userAttributeValues[0].isDefault", equalTo(true));
        patch(assignments + "/city", "{\"userAttribute\":{\"id\":\"country\"}}").then().statusCode(400);
        patch(assignments + "/country", "{\"isOptional\":true}").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).delete(assignments + "/email").then().statusCode(204);
        get(assignments + "/getOrder").then().body("order", hasSize(3));
    }

    @Test
    void anApplicationUsesAtMostOneFlow() {
        createFlow("One");
        createFlow("Two");
        String app = post("/v1.0/applications", "{\"displayName\":\"Partner portal\"}").then().statusCode(201).extract().path("id");
        String reference = "{\"@odata.id\":\"https://id.contoso.test/v1.0/applications/" + app + "\"}";

        post(FLOWS + "/B2X_1_One/applications/$ref", reference).then().statusCode(204);
        get(FLOWS + "/B2X_1_One/applications").then().statusCode(200).body("value.id", contains(app))
                .body("value[0].displayName", equalTo("Partner portal"));
        post(FLOWS + "/B2X_1_Two/applications/$ref", reference).then().statusCode(409).body("error.message", containsString("B2X_1_One"));
        post(FLOWS + "/B2X_1_One/applications/$ref", "{\"@odata.id\":\"https://id.contoso.test/v1.0/applications/"
                + "00000000-0000-0000-0000-000000000001\"}").then().statusCode(400);

        given().auth().oauth2(Tokens.admin()).delete(FLOWS + "/B2X_1_Two/applications/" + app + "/$ref").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).delete(FLOWS + "/B2X_1_One/applications/" + app + "/$ref").then().statusCode(204);
        post(FLOWS + "/B2X_1_Two/applications/$ref", reference).then().statusCode(204);
        // deleting the application or the flow removes the link
        given().auth().oauth2(Tokens.admin()).delete("/v1.0/applications/" + app).then().statusCode(204);
        get(FLOWS + "/B2X_1_Two/applications").then().body("value", hasSize(0));
    }

    @Test
    void peopleNeedAUserFlowRoleAndApplicationsThePermission() {
        String member = Tokens.person("member", "IdentityUserFlow.ReadWrite.All IdentityProvider.ReadWrite.All");
        given().auth().oauth2(member).get(FLOWS).then().statusCode(403).body("error.code", equalTo("Forbidden"));
        given().auth().oauth2(member).get(PROVIDERS).then().statusCode(403);
        given().auth().oauth2(member).contentType(ContentType.JSON).body("{\"displayName\":\"X\",\"dataType\":\"string\"}")
                .post(ATTRIBUTES).then().statusCode(403);

        String flowAdmin = Tokens.person("flows", "IdentityUserFlow.ReadWrite.All", "External ID User Flow Administrator");
        given().auth().oauth2(flowAdmin).contentType(ContentType.JSON)
                .body("{\"id\":\"ByRole\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}").post(FLOWS).then().statusCode(201);
        given().auth().oauth2(flowAdmin).get(PROVIDERS).then().statusCode(403);
        String providerAdmin = Tokens.person("idp", "IdentityProvider.ReadWrite.All", "External Identity Provider Administrator");
        given().auth().oauth2(providerAdmin).get(PROVIDERS).then().statusCode(200);

        String reader = Tokens.application("reader-app", "IdentityUserFlow.Read.All");
        given().auth().oauth2(reader).get(FLOWS).then().statusCode(200).body("value.id", contains("B2X_1_ByRole"));
        given().auth().oauth2(reader).delete(FLOWS + "/B2X_1_ByRole").then().statusCode(403);
        given().get(FLOWS).then().statusCode(401);
        assertEquals(1, Directory.count("select count(*) from user_flow"));
        assertEquals(5, Directory.count("select count(*) from audit_event where action = 'authorization.refused'"));
    }
}
