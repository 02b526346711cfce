package io.guestpass.graph.userflows;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.TestCertificates;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

/** API connectors: write-only secrets sealed at rest, checked certificates, safe targets, binding to a flow's steps. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class ApiConnectorsTest {

    static final String CONNECTORS = "/v1.0/identity/apiConnectors";
    static final String FLOWS = "/v1.0/identity/b2xUserFlows";

    @BeforeEach
    void empty() {
        Directory.reset();
    }

    private static Response post(String path, String body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).post(path);
    }

    private static String basic(String url, String password) {
        return "{\"displayName\":\"Partner check\",\"targetUrl\":\"" + url + "\",\"authenticationConfiguration\":{\"@odata.type\":"
                + "\"#microsoft.graph.basicAuthentication\",\"username\":\"guestpass\",\"password\":\"" + password + "\"}}";
    }

    @Test
    void aBasicPasswordIsWriteOnlyAndSealedAtRest() {
        String id = post(CONNECTORS, basic("https://api.contoso.test/signup", "correct horse battery staple")).then().statusCode(201)
                .header("Location", startsWith("https://id.contoso.test/v1.0/identity/apiConnectors/"))
                .body("displayName", equalTo("Partner check")).body("targetUrl", equalTo("https://api.contoso.test/signup"))
                .body("authenticationConfiguration.'@odata.type'", equalTo("#microsoft.graph.basicAuthentication"))
                .body("authenticationConfiguration.username", equalTo("guestpass"))
                .body("authenticationConfiguration.password", equalTo("******")).extract().path("id");
        String sealed = Directory.text("select sealed_credentials from api_connector where id = ?::uuid", id);
        assertFalse(sealed.contains("horse"), sealed);
        given().auth().oauth2(Tokens.admin()).get(CONNECTORS + "/" + id).then().statusCode(200)
                .body("authenticationConfiguration.password", equalTo("******"));
        given().auth().oauth2(Tokens.admin()).get(CONNECTORS).then().statusCode(200).body("value", hasSize(1))
                .body("value[0].authenticationConfiguration.password", equalTo("******"));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"displayName\":\"Renamed\"}")
                .patch(CONNECTORS + "/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get(CONNECTORS + "/" + id).then().body("displayName", equalTo("Renamed"))
                .body("authenticationConfiguration.username", equalTo("guestpass"));
        assertEquals(sealed, Directory.text("select sealed_credentials from api_connector where id = ?::uuid", id));
        assertEquals(2, Directory.count("select count(*) from audit_event where target_type = 'apiConnector'"));
    }

    @Test
    void targetsAreHttpsOnTheDefaultPortAndRequestsAreChecked() {
        post(CONNECTORS, basic("http://api.contoso.test/signup", "p")).then().statusCode(400).body("error.message", containsString("targetUrl"));
        post(CONNECTORS, basic("https://api.contoso.test:8443/signup", "p")).then().statusCode(400);
        post(CONNECTORS, basic("https://user:pw@api.contoso.test/signup", "p")).then().statusCode(400);
        post(CONNECTORS, basic("https://api.contoso.test/signup#x", "p")).then().statusCode(400);
        post(CONNECTORS, basic("not a url", "p")).then().statusCode(400);
        post(CONNECTORS, basic("https://api.contoso.test/signup", "")).then().statusCode(400).body("error.message", containsString("password"));
        post(CONNECTORS, "{\"displayName\":\"X\",\"targetUrl\":\"https://api.contoso.test\",\"authenticationConfiguration\":"
                + "{\"@odata.type\":\"#microsoft.graph.oauth\"}}").then().statusCode(400).body("error.message", containsString("@odata.type"));
        post(CONNECTORS, "{\"displayName\":\"X\",\"targetUrl\":\"https://api.contoso.test\"}").then().statusCode(400);
        post(CONNECTORS, "{\"displayName\":7,\"targetUrl\":\"https://api.contoso.test\"}").then().statusCode(400);
        // tests (never production) may reach a connector on loopback
        post(CONNECTORS, basic("http://127.0.0.1:9999/signup", "p")).then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).get(CONNECTORS + "/not-a-connector").then().statusCode(404).body("error.code", equalTo("NotFound"));
        assertEquals(1, Directory.count("select count(*) from api_connector"));
    }

    @Test
    void clientCertificatesAreCheckedAndTheNewestValidOneIsActive(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        TestCertificates.create(dir);
        String server = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("server.p12")));
        String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("ca.p12")));

        post(CONNECTORS, pkcs12(server, "wrong")).then().statusCode(400).body("error.message", containsString("password"));
        post(CONNECTORS, pkcs12("bm90IGEgcGtjczEy", "test-only")).then().statusCode(400);
        post(CONNECTORS, pkcs12("***", "test-only")).then().statusCode(400);
        String id = post(CONNECTORS, pkcs12(server, "test-only")).then().statusCode(201)
                .body("authenticationConfiguration.'@odata.type'", equalTo("#microsoft.graph.clientCertificateAuthentication"))
                .body("authenticationConfiguration.certificateList", hasSize(1))
                .body("authenticationConfiguration.certificateList[0].thumbprint", matchesPattern("[0-9A-F]{40}"))
                .body("authenticationConfiguration.certificateList[0].isActive", equalTo(true))
                .extract().path("id");
        assertFalse(Directory.text("select sealed_credentials from api_connector where id = ?::uuid", id).contains(server.substring(0, 40)));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"pkcs12Value\":\"" + ca + "\",\"password\":\"test-only\"}")
                .post(CONNECTORS + "/" + id + "/uploadClientCertificate").then().statusCode(200)
                .body("authenticationConfiguration.certificateList", hasSize(2))
                .body("authenticationConfiguration.certificateList.findAll { it.isActive }", hasSize(1));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"pkcs12Value\":\"" + ca + "\",\"password\":\"test-only\"}")
                .post(CONNECTORS + "/" + id + "/uploadClientCertificate").then().statusCode(409);
    }

    private static String pkcs12(String value, String password) {
        return "{\"displayName\":\"Certificate check\",\"targetUrl\":\"https://api.contoso.test/signup\",\"authenticationConfiguration\":"
                + "{\"@odata.type\":\"#microsoft.graph.pkcs12Certificate\",\"pkcs12Value\":\"" + value + "\",\"password\":\"" + password + "\"}}";
    }

    @Test
    void aConnectorIsBoundToAFlowStepAndNotDeletedWhileBound() {
        post(FLOWS, "{\"id\":\"Partners\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}").then().statusCode(201);
        String id = post(CONNECTORS, basic("https://api.contoso.test/signup", "secret")).then().statusCode(201).extract().path("id");
        String step = FLOWS + "/B2X_1_Partners/apiConnectorConfiguration/postAttributeCollection/$ref";
        String reference = "{\"@odata.id\":\"https://id.contoso.test/v1.0/identity/apiConnectors/" + id + "\"}";

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(reference).put(step).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get(FLOWS + "/B2X_1_Partners/apiConnectorConfiguration").then().statusCode(200)
                .body("postAttributeCollection.id", equalTo(id)).body("postFederationSignup", nullValue());
        given().auth().oauth2(Tokens.admin()).delete(CONNECTORS + "/" + id).then().statusCode(409)
                .body("error.message", containsString("B2X_1_Partners"));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(reference)
                .put(FLOWS + "/B2X_1_Partners/apiConnectorConfiguration/preTokenIssuance/$ref").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"@odata.id\":\"https://id.contoso.test/v1.0/identity/apiConnectors/00000000-0000-0000-0000-000000000000\"}")
                .put(step).then().statusCode(400);

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{}").put(step).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get(FLOWS + "/B2X_1_Partners/apiConnectorConfiguration").then()
                .body("postAttributeCollection", nullValue());
        given().auth().oauth2(Tokens.admin()).delete(CONNECTORS + "/" + id).then().statusCode(204);
    }

    @Test
    void aMemberWithoutAUserFlowRoleCannotSeeOrChangeConnectors() {
        String member = Tokens.person("member", "IdentityUserFlow.ReadWrite.All");
        given().auth().oauth2(member).get(CONNECTORS).then().statusCode(403);
        given().auth().oauth2(member).contentType(ContentType.JSON).body(basic("https://api.contoso.test/x", "p")).post(CONNECTORS)
                .then().statusCode(403);
        assertEquals(0, Directory.count("select count(*) from api_connector"));
    }
}
