package io.guestpass.graph.applications;

import io.guestpass.directory.Application;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Tokens;
import io.guestpass.platform.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /v1.0/applications} as a Graph client uses it: registrations, their secrets, the rules on what they hold. */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class ApplicationsTest {

    static final String WEB_APP = """
            {"displayName":"Contoso portal",
             "web":{"redirectUris":["https://portal.contoso.test/signin-oidc"],"logoutUrl":"https://portal.contoso.test/signout"},
             "spa":{"redirectUris":["https://spa.contoso.test/","http://localhost:3000/"]},
             "publicClient":{"redirectUris":["http://127.0.0.1/cb","com.contoso.app:/callback"]},
             "identifierUris":["api://contoso-orders"],
             "api":{"oauth2PermissionScopes":[{"value":"Orders.Read","adminConsentDisplayName":"Read orders","type":"User"},
                                               {"value":"Orders.Write","isEnabled":false,"type":"Admin"}]}}""";

    static final Caller ADMIN_APP = new Caller("admin-app", "admin-app", false, Set.of("Application.ReadWrite.All"), Set.of());

    @Inject
    ApplicationService service;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    static Response create(String body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).post("/v1.0/applications");
    }

    static String created(String body) {
        Response response = create(body);
        assertEquals(201, response.statusCode(), response.asString());
        return response.path("id");
    }

    static Response addPassword(String token, String id, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/v1.0/applications/" + id + "/addPassword");
    }

    @Test
    void registeringReadingChangingAndDeletingAnApplication() {
        Response response = create(WEB_APP);
        response.then().statusCode(201)
                .header("Location", startsWith("/v1.0/applications/"))
                .body("'@odata.context'", endsWith("/v1.0/$metadata#applications/$entity"))
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("appId", matchesPattern("[0-9a-f-]{36}"))
                .body("signInAudience", equalTo("AzureADMyOrg"))
                .body("createdDateTime", notNullValue())
                .body("web.redirectUris", contains("https://portal.contoso.test/signin-oidc"))
                .body("web.logoutUrl", equalTo("https://portal.contoso.test/signout"))
                .body("spa.redirectUris", contains("https://spa.contoso.test/", "http://localhost:3000/"))
                .body("publicClient.redirectUris", contains("http://127.0.0.1/cb", "com.contoso.app:/callback"))
                .body("identifierUris", contains("api://contoso-orders"))
                .body("api.oauth2PermissionScopes.value", contains("Orders.Read", "Orders.Write"))
                .body("api.oauth2PermissionScopes.isEnabled", contains(true, false))
                .body("api.oauth2PermissionScopes.type", contains("User", "Admin"))
                .body("api.oauth2PermissionScopes[0].id", matchesPattern("[0-9a-f-]{36}"))
                .body("api.oauth2PermissionScopes[0].adminConsentDisplayName", equalTo("Read orders"))
                .body("passwordCredentials", empty());
        String id = response.path("id");
        assertNotEquals(id, response.path("appId"));

        given().auth().oauth2(Tokens.admin()).get("/v1.0/applications/" + id).then().statusCode(200)
                .body("displayName", equalTo("Contoso portal")).body("appId", equalTo(response.path("appId")));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"displayName\":\"Contoso portal 2\",\"web\":{\"logoutUrl\":\"\"},\"identifierUris\":[\"https://orders.contoso.test\"]}")
                .patch("/v1.0/applications/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/applications/" + id).then().statusCode(200)
                .body("displayName", equalTo("Contoso portal 2"))
                .body("web.logoutUrl", nullValue())
                .body("web.redirectUris", contains("https://portal.contoso.test/signin-oidc"))
                .body("identifierUris", contains("https://orders.contoso.test"))
                .body("api.oauth2PermissionScopes.value", contains("Orders.Read", "Orders.Write"));

        given().auth().oauth2(Tokens.admin()).delete("/v1.0/applications/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/applications/" + id).then().statusCode(404)
                .body("error.code", equalTo("NotFound"));
        given().auth().oauth2(Tokens.admin()).delete("/v1.0/applications/" + id).then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/applications/not-a-guid").then().statusCode(404);

        assertEquals(List.of("application.created", "application.updated", "application.deleted"),
                List.of(Directory.text("select string_agg(action, ',' order by occurred_at) from audit_event where target_id = ?", id)
                        .split(",")));
        given().auth().oauth2(Tokens.admin()).queryParam("$filter", "category eq 'ApplicationManagement'")
                .get("/v1.0/auditLogs/directoryAudits").then().statusCode(200)
                .body("value.activityDisplayName", contains("Delete application", "Update application", "Add application"))
                .body("value[0].targetResources[0].id", equalTo(id));
    }

    @Test
    void listingPagesLikeUsersAndFindsAnApplicationByClientId() {
        List<String> appIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            appIds.add(create("{\"displayName\":\"App " + i + "\"}").path("appId"));
        }
        Response first = given().auth().oauth2(Tokens.admin()).queryParam("$top", 2).get("/v1.0/applications");
        first.then().statusCode(200).body("value", hasSize(2)).body("'@odata.nextLink'", containsString("$skiptoken="))
                .body("value[0].passwordCredentials", empty());
        List<String> seen = new ArrayList<>(first.jsonPath().getList("value.displayName"));
        String next = first.path("'@odata.nextLink'");
        while (next != null) {
            Response page = given().auth().oauth2(Tokens.admin()).get(next.substring(next.indexOf("/v1.0/")));
            seen.addAll(page.jsonPath().getList("value.displayName"));
            next = page.path("'@odata.nextLink'");
        }
        assertEquals(List.of("App 0", "App 1", "App 2", "App 3", "App 4"), seen);

        given().auth().oauth2(Tokens.admin()).queryParam("$filter", "appId eq '" + appIds.get(3) + "'").get("/v1.0/applications")
                .then().statusCode(200).body("value.displayName", contains("App 3"));
        given().auth().oauth2(Tokens.admin()).queryParam("$filter", "appId eq 'nope'").get("/v1.0/applications")
                .then().statusCode(200).body("value", empty());
        given().auth().oauth2(Tokens.admin()).queryParam("$filter", "displayName eq 'App 1'").get("/v1.0/applications")
                .then().statusCode(400).body("error.code", equalTo("BadRequest"));
    }

    @Test
    void aSecretIsShownOnceStoredAsItsHashAndRemovable() {
        String id = created(WEB_APP);
        Instant end = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Response added = addPassword(Tokens.admin(), id,
                "{\"passwordCredential\":{\"displayName\":\"ci\",\"endDateTime\":\"" + end + "\"}}");
        added.then().statusCode(200).header("Cache-Control", "no-store")
                .body("keyId", matchesPattern("[0-9a-f-]{36}")).body("displayName", equalTo("ci"))
                .body("endDateTime", equalTo(end.toString())).body("startDateTime", notNullValue());
        String secret = added.path("secretText");
        assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
        assertEquals(secret.substring(0, 3), added.path("hint"));

        Response defaulted = addPassword(Tokens.admin(), id, "{}");
        defaulted.then().statusCode(200);
        Instant defaultEnd = Instant.parse(defaulted.path("endDateTime"));
        assertTrue(defaultEnd.isAfter(Instant.now().plus(729, ChronoUnit.DAYS)) && defaultEnd.isBefore(Instant.now().plus(731, ChronoUnit.DAYS)));

        String read = given().auth().oauth2(Tokens.admin()).get("/v1.0/applications/" + id).then().statusCode(200)
                .body("passwordCredentials.keyId", containsInAnyOrder((String) added.path("keyId"), (String) defaulted.path("keyId")))
                .body("passwordCredentials.hint", hasItem(secret.substring(0, 3)))
                .body("passwordCredentials[0]", not(hasKey("secretText")))
                .extract().asString();
        assertFalse(read.contains(secret));
        assertFalse(given().auth().oauth2(Tokens.admin()).get("/v1.0/applications").asString().contains(secret));
        assertEquals(0, Directory.count("select count(*) from application where password_credentials::text like ?", "%" + secret + "%"));
        assertEquals(0, Directory.count("select count(*) from audit_event where coalesce(personal_data::text, '') like ?", "%" + secret + "%"));
        assertEquals(2, Directory.count("select count(*) from audit_event where action = 'application.passwordAdded' and target_id = ?", id));

        Application stored = inSession(() -> Application.findByIdentifierUri("api://contoso-orders"));
        assertTrue(stored.verifiesSecret(secret, Instant.now()));
        assertTrue(stored.verifiesSecret(defaulted.path("secretText"), Instant.now()));

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"keyId\":\"" + added.path("keyId") + "\"}")
                .post("/v1.0/applications/" + id + "/removePassword").then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"keyId\":\"" + added.path("keyId") + "\"}")
                .post("/v1.0/applications/" + id + "/removePassword").then().statusCode(404).body("error.code", equalTo("NotFound"));
        Application after = inSession(() -> Application.findByAppId(stored.appId.toString()));
        assertFalse(after.verifiesSecret(secret, Instant.now()));
        assertTrue(after.verifiesSecret(defaulted.path("secretText"), Instant.now()));
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'application.passwordRemoved'"));
    }

    @Test
    void theProviderFindsApplicationsByClientIdAndIdentifierUri() {
        String id = created(WEB_APP);
        String appId = given().auth().oauth2(Tokens.admin()).get("/v1.0/applications/" + id).path("appId");
        assertEquals(id, inSession(() -> Application.findByAppId(appId)).id.toString());
        assertEquals(id, inSession(() -> Application.findByAppId(appId.toUpperCase())).id.toString());
        assertEquals(id, inSession(() -> Application.findByIdentifierUri("api://contoso-orders")).id.toString());
        assertNull(inSession(() -> Application.findByAppId(id)), "the object id is not a client id");
        assertNull(inSession(() -> Application.findByAppId("not-a-guid")));
        assertNull(inSession(() -> Application.findByAppId(null)));
        assertNull(inSession(() -> Application.findByIdentifierUri("api://contoso-ORDERS")));
        assertNull(inSession(() -> Application.findByIdentifierUri("api://contoso")));
        Application app = inSession(() -> Application.findByAppId(appId));
        assertEquals(List.of("Orders.Read"), app.enabledScopeValues());
        assertEquals(List.of("https://portal.contoso.test/signout"), app.logoutUrls());
        assertEquals(java.util.Optional.of(Application.ClientKind.PUBLIC), app.redirectKind("http://127.0.0.1:50123/cb"));
        assertEquals(java.util.Optional.of(Application.ClientKind.SPA), app.redirectKind("http://localhost:3000/"));
    }

    @Test
    void anIdentifierUriBelongsToOneApplication() {
        String first = created(WEB_APP);
        create("{\"displayName\":\"Copycat\",\"identifierUris\":[\"api://other\",\"api://contoso-orders\"]}").then().statusCode(409)
                .body("error.code", equalTo("Conflict")).body("error.message", containsString("identifierUris"));
        String second = created("{\"displayName\":\"Second\",\"identifierUris\":[\"api://other\"]}");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"identifierUris\":[\"api://contoso-orders\"]}")
                .patch("/v1.0/applications/" + second).then().statusCode(409).body("error.code", equalTo("Conflict"));
        given().auth().oauth2(Tokens.admin()).get("/v1.0/applications/" + second).then().body("identifierUris", contains("api://other"));
        assertEquals(1, Directory.count("select count(*) from application where display_name = 'Copycat' or display_name = 'Second'"));

        // freed by its holder, it can be taken; re-saving one's own URIs is no conflict
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"displayName\":\"Renamed\"}")
                .patch("/v1.0/applications/" + first).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).delete("/v1.0/applications/" + first).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"identifierUris\":[\"api://contoso-orders\"]}")
                .patch("/v1.0/applications/" + second).then().statusCode(204);
        assertEquals(second, inSession(() -> Application.findByIdentifierUri("api://contoso-orders")).id.toString());
        assertNull(inSession(() -> Application.findByIdentifierUri("api://other")));
    }

    static Stream<Arguments> refusedBodies() {
        String longUri = "https://a.contoso.test/" + "x".repeat(1000);
        StringBuilder uris = new StringBuilder();
        for (int i = 0; i < 257; i++) {
            uris.append(i == 0 ? "" : ",").append("\"https://a.contoso.test/").append(i).append("\"");
        }
        return Stream.of(
                Arguments.of("{}", "displayName"),
                Arguments.of("{\"displayName\":\"  \"}", "displayName"),
                Arguments.of("{\"displayName\":\"" + "n".repeat(257) + "\"}", "displayName"),
                Arguments.of("{\"displayName\":\"a\\u0000b\"}", "displayName"),
                Arguments.of("{\"displayName\":42}", "displayName"),
                Arguments.of("{\"displayName\":\"x\",\"signInAudience\":\"AzureADMultipleOrgs\"}", "signInAudience"),
                Arguments.of("{\"displayName\":\"x\",\"appId\":\"00000000-0000-0000-0000-000000000001\"}", "appId"),
                Arguments.of("{\"displayName\":\"x\",\"passwordCredentials\":[]}", "passwordCredentials"),
                Arguments.of("{\"displayName\":\"x\",\"web\":{\"redirectUris\":\"https://a.contoso.test/\"}}", "web.redirectUris"),
                Arguments.of("{\"displayName\":\"x\",\"web\":{\"homePageUrl\":\"https://a.contoso.test/\"}}", "homePageUrl"),
                Arguments.of(web("http://a.contoso.test/cb"), "web.redirectUris"),
                Arguments.of(web("http://localhost/cb"), "web.redirectUris"),
                Arguments.of(web("https://a.contoso.test/cb#frag"), "web.redirectUris"),
                Arguments.of(web("https://*.contoso.test/cb"), "web.redirectUris"),
                Arguments.of(web("https://user:pw@a.contoso.test/cb"), "web.redirectUris"),
                Arguments.of(web("https://a.contoso.test/c b"), "web.redirectUris"),
                Arguments.of(web("https://a.contoso.test/\\u0000"), "web.redirectUris"),
                Arguments.of(web("/relative/cb"), "web.redirectUris"),
                Arguments.of(web("com.contoso.app:/cb"), "web.redirectUris"),
                Arguments.of(web("javascript:alert(1)"), "web.redirectUris"),
                Arguments.of(web(longUri), "web.redirectUris"),
                Arguments.of(web(""), "web.redirectUris"),
                Arguments.of("{\"displayName\":\"x\",\"web\":{\"redirectUris\":[null]}}", "web.redirectUris"),
                Arguments.of("{\"displayName\":\"x\",\"web\":{\"redirectUris\":[\"https://a.contoso.test/\",\"https://a.contoso.test/\"]}}", "web.redirectUris"),
                Arguments.of("{\"displayName\":\"x\",\"web\":{\"logoutUrl\":\"http://a.contoso.test/out\"}}", "web.logoutUrl"),
                Arguments.of(platform("spa", "com.contoso.app:/cb"), "spa.redirectUris"),
                Arguments.of(platform("spa", "http://192.168.1.2/cb"), "spa.redirectUris"),
                Arguments.of(platform("spa", "http://localhost.evil.test/cb"), "spa.redirectUris"),
                Arguments.of(platform("publicClient", "myapp:/cb"), "publicClient.redirectUris"),
                Arguments.of(platform("publicClient", "com.contoso.app:cb"), "publicClient.redirectUris"),
                Arguments.of(platform("publicClient", "http://127.0.0.1/cb#x"), "publicClient.redirectUris"),
                Arguments.of("{\"displayName\":\"x\",\"web\":{\"redirectUris\":[\"https://a.contoso.test/\"]},"
                        + "\"spa\":{\"redirectUris\":[\"https://a.contoso.test/\"]}}", "two platforms"),
                Arguments.of("{\"displayName\":\"x\",\"web\":{\"redirectUris\":[" + uris + "]}}", "web.redirectUris"),
                Arguments.of("{\"displayName\":\"x\",\"identifierUris\":[\"urn:contoso\"]}", "identifierUris"),
                Arguments.of("{\"displayName\":\"x\",\"identifierUris\":[\"http://contoso.test\"]}", "identifierUris"),
                Arguments.of("{\"displayName\":\"x\",\"identifierUris\":[\"api://contoso#x\"]}", "identifierUris"),
                Arguments.of("{\"displayName\":\"x\",\"identifierUris\":[\"api://\"]}", "identifierUris"),
                Arguments.of("{\"displayName\":\"x\",\"identifierUris\":[\"api://a\",\"api://a\"]}", "identifierUris"),
                Arguments.of(scopes("{\"value\":\"Orders Read\"}"), "oauth2PermissionScopes[0].value"),
                Arguments.of(scopes("{\"value\":\"\"}"), "oauth2PermissionScopes[0].value"),
                Arguments.of(scopes("{}"), "oauth2PermissionScopes[0].value"),
                Arguments.of(scopes("{\"value\":\"Orders/Read\"}"), "oauth2PermissionScopes[0].value"),
                Arguments.of(scopes("{\"value\":\"a\"},{\"value\":\"A\"}"), "oauth2PermissionScopes[1].value"),
                Arguments.of(scopes("{\"value\":\"a\",\"type\":\"Root\"}"), "oauth2PermissionScopes[0].type"),
                Arguments.of(scopes("{\"value\":\"a\",\"id\":\"123\"}"), "oauth2PermissionScopes[0].id"),
                Arguments.of(scopes("{\"value\":\"a\",\"isEnabled\":\"yes\"}"), "isEnabled"),
                Arguments.of(scopes("{\"value\":\"a\",\"adminConsentDisplayName\":\"x\\ny\"}"), "adminConsentDisplayName"),
                Arguments.of(microsoftClients("\"6731de76-14a6-49ae-97bc-6eba6914391\""), "microsoftAccountClientIds"),
                Arguments.of(microsoftClients("\"{6731de76-14a6-49ae-97bc-6eba6914391e}\""), "microsoftAccountClientIds"),
                Arguments.of(microsoftClients("\"guestpass-development\""), "microsoftAccountClientIds"),
                Arguments.of(microsoftClients("null"), "microsoftAccountClientIds"),
                Arguments.of(microsoftClients("42"), "microsoftAccountClientIds"),
                Arguments.of(microsoftClients("\"6731DE76-14A6-49AE-97BC-6EBA6914391E\",\"6731de76-14a6-49ae-97bc-6eba6914391e\""),
                        "listed twice"),
                Arguments.of(microsoftClients(guids(11)), "at most 10"),
                Arguments.of("{\"displayName\":\"x\",\"microsoftAccountClientIds\":\"6731de76-14a6-49ae-97bc-6eba6914391e\"}",
                        "microsoftAccountClientIds"),
                Arguments.of("{\"displayName\":\"x\",\"microsoftAccountClientIds\":{}}", "microsoftAccountClientIds"),
                Arguments.of("[]", ""),
                Arguments.of("{\"displayName\":", ""));
    }

    static String microsoftClients(String items) {
        return "{\"displayName\":\"x\",\"microsoftAccountClientIds\":[" + items + "]}";
    }

    /** n distinct client ids, JSON-quoted and comma-separated. */
    static String guids(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ",").append('"').append(java.util.UUID.nameUUIDFromBytes(new byte[] { (byte) i })).append('"');
        }
        return out.toString();
    }

    static String web(String uri) {
        return platform("web", uri);
    }

    static String platform(String name, String uri) {
        return "{\"displayName\":\"x\",\"" + name + "\":{\"redirectUris\":[\"" + uri + "\"]}}";
    }

    static String scopes(String scopes) {
        return "{\"displayName\":\"x\",\"api\":{\"oauth2PermissionScopes\":[" + scopes + "]}}";
    }

    @ParameterizedTest
    @MethodSource("refusedBodies")
    void badInputIsAGraphErrorNamingTheFieldAndWritesNothing(String body, String field) {
        String existing = created("{\"displayName\":\"Existing\"}");
        String before = Directory.text("select string_agg(t::text, ';') from application t");
        Response created = create(body);
        created.then().statusCode(400).body("error.code", equalTo("BadRequest")).body("error.message", containsString(field));
        if (!body.startsWith("[") && !body.endsWith(":") && !body.equals("{}")) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body.replace("\"displayName\":\"x\",", ""))
                    .patch("/v1.0/applications/" + existing).then().statusCode(400).body("error.code", equalTo("BadRequest"));
        }
        assertEquals(before, Directory.text("select string_agg(t::text, ';') from application t"));
    }

    @Test
    void theRedirectUrisEachPlatformMayHave() {
        String id = created("""
                {"displayName":"All kinds",
                 "web":{"redirectUris":["https://a.contoso.test/cb?tenant=1","https://a.contoso.test:8443/cb"]},
                 "spa":{"redirectUris":["http://localhost/","http://127.0.0.1:5173/app","http://[::1]:8080/"]},
                 "publicClient":{"redirectUris":["http://localhost:0/","com.contoso.app://callback","ms-app.contoso:/auth"]},
                 "identifierUris":["api://4f1c-orders/x","https://orders.contoso.test/api"]}""");
        // 256 in all across the platforms: 250 more on web is over (253 + 3 + 3 = 256 allowed, 257 not)
        StringBuilder web = new StringBuilder();
        for (int i = 0; i < 251; i++) {
            web.append(i == 0 ? "" : ",").append("\"https://a.contoso.test/").append(i).append("\"");
        }
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"web\":{\"redirectUris\":[" + web + "]}}")
                .patch("/v1.0/applications/" + id).then().statusCode(400).body("error.message", containsString("256"));
        web.setLength(web.lastIndexOf(","));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"web\":{\"redirectUris\":[" + web + "]}}")
                .patch("/v1.0/applications/" + id).then().statusCode(204);
    }

    @Test
    void microsoftAccountClientIdsAreKeptInLowerCaseAndReplacedAsAWhole() {
        String id = created("{\"displayName\":\"Back end\",\"microsoftAccountClientIds\":"
                + "[\"6731DE76-14A6-49AE-97BC-6EBA6914391E\",\"0b2c4e1f-7a3d-4c5e-9f10-2a3b4c5d6e7f\"]}");
        given().auth().oauth2(Tokens.admin()).get("/v1.0/applications/" + id).then().statusCode(200)
                .body("microsoftAccountClientIds", contains("6731de76-14a6-49ae-97bc-6eba6914391e",
                        "0b2c4e1f-7a3d-4c5e-9f10-2a3b4c5d6e7f"));
        assertEquals("{6731de76-14a6-49ae-97bc-6eba6914391e,0b2c4e1f-7a3d-4c5e-9f10-2a3b4c5d6e7f}",
                Directory.text("select microsoft_account_client_ids::text from application where id = ?::uuid", id));

        // a PATCH without the property leaves it; one with it replaces the list; ten is the most
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"displayName\":\"Renamed\"}")
                .patch("/v1.0/applications/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/applications/" + id).then()
                .body("microsoftAccountClientIds", hasSize(2));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"microsoftAccountClientIds\":[" + guids(10) + "]}")
                .patch("/v1.0/applications/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/applications").then().statusCode(200)
                .body("value[0].microsoftAccountClientIds", hasSize(10));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"microsoftAccountClientIds\":[]}")
                .patch("/v1.0/applications/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/applications/" + id).then().body("microsoftAccountClientIds", empty());
        // a new application has none
        String plain = created("{\"displayName\":\"Plain\"}");
        given().auth().oauth2(Tokens.admin()).get("/v1.0/applications/" + plain).then().body("microsoftAccountClientIds", empty());
    }

    @Test
    void microsoftAccountClientIdsNeedWhatEveryOtherPropertyNeeds() {
        String id = created("{\"displayName\":\"Back end\"}");
        String body = "{\"microsoftAccountClientIds\":[\"6731de76-14a6-49ae-97bc-6eba6914391e\"]}";
        String rw = "Application.ReadWrite.All";
        given().auth().oauth2(Tokens.application("reader", "Application.Read.All")).contentType(ContentType.JSON).body(body)
                .patch("/v1.0/applications/" + id).then().statusCode(403);
        given().auth().oauth2(Tokens.person("member", rw)).contentType(ContentType.JSON).body(body)
                .patch("/v1.0/applications/" + id).then().statusCode(403);
        given().auth().oauth2(Tokens.application("reader", "Application.Read.All")).get("/v1.0/applications/" + id).then()
                .statusCode(200).body("microsoftAccountClientIds", empty());
        // not a Global Administrator's alone (unlike grantedPermissions): an Application Administrator or the permission will do
        given().auth().oauth2(Tokens.person("app-admin", rw, Caller.APPLICATION_ADMINISTRATOR)).contentType(ContentType.JSON)
                .body(body).patch("/v1.0/applications/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.application("automation", rw)).contentType(ContentType.JSON)
                .body("{\"microsoftAccountClientIds\":[\"0b2c4e1f-7a3d-4c5e-9f10-2a3b4c5d6e7f\"]}")
                .patch("/v1.0/applications/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.admin()).get("/v1.0/applications/" + id).then()
                .body("microsoftAccountClientIds", contains("0b2c4e1f-7a3d-4c5e-9f10-2a3b4c5d6e7f"));
        assertEquals(2, Directory.count("select count(*) from audit_event where action = 'application.updated' and target_id = ?", id));
    }

    @Test
    void addPasswordRefusesBadDates() {
        String id = created("{\"displayName\":\"Dates\"}");
        for (String body : List.of("{\"passwordCredential\":{\"endDateTime\":\"2001-01-01T00:00:00Z\"}}",
                "{\"passwordCredential\":{\"endDateTime\":\"" + Instant.now().plus(800, ChronoUnit.DAYS) + "\"}}",
                "{\"passwordCredential\":{\"endDateTime\":\"tomorrow\"}}",
                "{\"passwordCredential\":{\"endDateTime\":12}}",
                "{\"passwordCredential\":{\"secretText\":\"mine\"}}",
                "{\"passwordCredential\":{\"displayName\":\"a\\u0007\"}}")) {
            addPassword(Tokens.admin(), id, body).then().statusCode(400).body("error.code", equalTo("BadRequest"));
        }
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"keyId\":\"x\"}")
                .post("/v1.0/applications/" + id + "/removePassword").then().statusCode(400).body("error.message", containsString("keyId"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{}")
                .post("/v1.0/applications/" + id + "/removePassword").then().statusCode(400).body("error.message", containsString("keyId"));
        addPassword(Tokens.admin(), "00000000-0000-0000-0000-000000000000", "{}").then().statusCode(404);
        assertEquals("[]", Directory.text("select (password_credentials->'items')::text from application where id = ?::uuid", id));
    }

    @Test
    void whoMayManageApplications() {
        String id = created(WEB_APP);
        String rw = "Application.ReadWrite.All";
        // an application: its permission alone; read-only may read
        given().auth().oauth2(Tokens.application("automation", rw)).get("/v1.0/applications/" + id).then().statusCode(200);
        given().auth().oauth2(Tokens.application("reader", "Application.Read.All")).get("/v1.0/applications").then().statusCode(200);
        addPassword(Tokens.application("reader", "Application.Read.All"), id, "{}").then().statusCode(403);
        given().auth().oauth2(Tokens.application("inviter", "User.Invite.All", "User.ReadWrite.All")).get("/v1.0/applications")
                .then().statusCode(403).body("error.code", equalTo("Forbidden"));
        // a person: the scope and the Global or Application Administrator role
        addPassword(Tokens.person("app-admin", rw, Caller.APPLICATION_ADMINISTRATOR), id, "{}").then().statusCode(200);
        addPassword(Tokens.person("global-admin", rw, Caller.GLOBAL_ADMINISTRATOR), id, "{}").then().statusCode(200);
        long refusalsBefore = Directory.count("select count(*) from audit_event where action = 'authorization.refused'");
        String before = Directory.text("select string_agg(t::text, ';') from application t");
        addPassword(Tokens.person("member", rw), id, "{}").then().statusCode(403).body("error.code", equalTo("Forbidden"));
        addPassword(Tokens.person("user-admin", rw, Caller.USER_ADMINISTRATOR), id, "{}").then().statusCode(403);
        given().auth().oauth2(Tokens.person("member", rw)).get("/v1.0/applications").then().statusCode(403);
        given().auth().oauth2(Tokens.person("member", rw)).contentType(ContentType.JSON).body(WEB_APP).post("/v1.0/applications")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.person("member", rw)).delete("/v1.0/applications/" + id).then().statusCode(403);
        addPassword(Tokens.person("app-admin-without-scope", "User.Read", Caller.APPLICATION_ADMINISTRATOR), id, "{}").then().statusCode(403);
        given().delete("/v1.0/applications/" + id).then().statusCode(401);
        assertEquals(refusalsBefore + 6, Directory.count("select count(*) from audit_event where action = 'authorization.refused'"));
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'authorization.refused' "
                + "and target_type = 'application' and target_id = ? and actor_subject = 'user-admin'", id));
        assertEquals(before, Directory.text("select string_agg(t::text, ';') from application t"));
    }

    @Test
    void secretsAddedAtTheSameMomentAreAllKept() throws Exception {
        String id = created(WEB_APP);
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<Application.NewSecret>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String name = "secret " + i;
                futures.add(pool.submit(() -> {
                    try {
                        return VertxContextSupport.subscribeAndAwait(
                                () -> service.addPassword(ADMIN_APP, java.util.UUID.fromString(id), name, null));
                    } catch (Throwable e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            List<String> secrets = new ArrayList<>();
            for (Future<Application.NewSecret> f : futures) {
                secrets.add(f.get(60, TimeUnit.SECONDS).secretText());
            }
            Application stored = inSession(() -> Application.findById(java.util.UUID.fromString(id)));
            assertEquals(n, stored.passwordCredentials().size());
            for (String secret : secrets) {
                assertTrue(stored.verifiesSecret(secret, Instant.now()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deletingAnApplicationTakesItsSecretsAndIdentifierUrisWithIt() {
        String id = created(WEB_APP);
        String secret = addPassword(Tokens.admin(), id, "{}").path("secretText");
        assertEquals(1, Directory.count("select count(*) from application_identifier_uri where application_id = ?::uuid", id));
        given().auth().oauth2(Tokens.admin()).delete("/v1.0/applications/" + id).then().statusCode(204);
        assertEquals(0, Directory.count("select count(*) from application"));
        assertEquals(0, Directory.count("select count(*) from application_identifier_uri"));
        assertNull(inSession(() -> Application.findByIdentifierUri("api://contoso-orders")));
        assertNotNull(secret);
    }

    private static <T> T inSession(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> query) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(query::get));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertNotEquals(Object a, Object b) {
        org.junit.jupiter.api.Assertions.assertNotEquals(a, b);
    }
}
