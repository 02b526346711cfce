package io.guestpass.graph.identityproviders;

import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.Simultaneously;
import io.guestpass.fixtures.Tokens;
import io.guestpass.platform.DataCipher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.Callable;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The identity provider administration API: the built-in providers, configured Google, Facebook and OpenID Connect
 * providers with their write-only, sealed client secret, the rules on their settings, user flows that offer them, and
 * who may do what.
 */
@QuarkusTest
@QuarkusTestResource(GuestpassTestResources.class)
class IdentityProvidersTest {

    static final String PROVIDERS = "/v1.0/identity/identityProviders";
    static final String FLOWS = "/v1.0/identity/b2xUserFlows";
    static final String REDIRECT_URI = "https://id.contoso.test/signup/callback";
    static final String GOOGLE_SECRET = "GOCSPX-google-secret-for-tests-only";
    static final String DISCOVERY = "https://login.partner.example/.well-known/openid-configuration";

    @Inject
    DataCipher cipher;

    @BeforeEach
    void empty() {
        Directory.reset();
    }

    static Response post(String path, String body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).post(path);
    }

    static Response patch(String path, String body) {
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body).patch(path);
    }

    static Response get(String path) {
        return given().auth().oauth2(Tokens.admin()).get(path);
    }

    static Response delete(String path) {
        return given().auth().oauth2(Tokens.admin()).delete(path);
    }

    static String social(String type, String clientId, String secret) {
        return "{\"@odata.type\":\"#microsoft.graph.socialIdentityProvider\",\"displayName\":\"" + type + "\",\"identityProviderType\":\""
                + type + "\",\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret + "\"}";
    }

    static String openIdConnect(String extra) {
        return "{\"@odata.type\":\"#microsoft.graph.openIdConnectIdentityProvider\",\"displayName\":\"Partner login\","
                + "\"clientId\":\"guestpass\",\"clientSecret\":\"oidc-secret\",\"metadataUrl\":\"" + DISCOVERY + "\"" + extra + "}";
    }

    private static long auditEventsMentioning(String text) {
        return Directory.count("select count(*) from audit_event e where e::text like ?", "%" + text + "%");
    }

    @Test
    void theEmailPasscodeIsBuiltInBesideTheMicrosoftAccountEnabledByDefaultAndNeverDeleted() {
        get(PROVIDERS).then().statusCode(200)
                .body("value.id", contains("MSASignup-OAUTH", "EmailOtpSignup-OAUTH"))
                .body("value[1].'@odata.type'", equalTo("#microsoft.graph.builtInIdentityProvider"))
                .body("value[1].displayName", equalTo("Email One Time Passcode"))
                .body("value[1].identityProviderType", equalTo("EmailOTP"))
                .body("value[1].state", equalTo("enabled"));
        get(PROVIDERS + "/availableProviderTypes").then().statusCode(200)
                .body("value", contains("MicrosoftAccount", "EmailOTP", "Google", "Facebook", "OpenIdConnect"));

        patch(PROVIDERS + "/EmailOtpSignup-OAUTH", "{\"state\":\"disabled\"}").then().statusCode(204);
        get(PROVIDERS + "/EmailOtpSignup-OAUTH").then().statusCode(200).body("state", equalTo("disabled"));
        get(PROVIDERS + "/MSASignup-OAUTH").then().body("state", equalTo("enabled"));
        patch(PROVIDERS + "/EmailOtpSignup-OAUTH", "{\"clientId\":\"x\"}").then().statusCode(400);
        delete(PROVIDERS + "/EmailOtpSignup-OAUTH").then().statusCode(400).body("error.message", containsString("cannot be deleted"));
        post(PROVIDERS, "{\"@odata.type\":\"#microsoft.graph.builtInIdentityProvider\",\"displayName\":\"Mail\","
                + "\"identityProviderType\":\"EmailOTP\",\"clientId\":\"x\",\"clientSecret\":\"y\"}").then().statusCode(400)
                .body("error.message", containsString("cannot be created"));
        get(PROVIDERS + "/EmailOtpSignup-OAUTH").then().statusCode(200).body("state", equalTo("disabled"));
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'identityProvider.disabled' "
                + "and target_id = 'EmailOtpSignup-OAUTH'"));
    }

    @Test
    void googleAndFacebookAreConfiguredOnceEachWithASecretThatIsSealedAndNeverReadBack() {
        post(PROVIDERS, social("Google", "123-abc.apps.googleusercontent.com", GOOGLE_SECRET)).then().statusCode(201)
                .header("Location", equalTo("https://id.contoso.test/v1.0/identity/identityProviders/Google-OAUTH"))
                .body("'@odata.type'", equalTo("#microsoft.graph.socialIdentityProvider"))
                .body("id", equalTo("Google-OAUTH"))
                .body("displayName", equalTo("Google"))
                .body("identityProviderType", equalTo("Google"))
                .body("clientId", equalTo("123-abc.apps.googleusercontent.com"))
                .body("clientSecret", equalTo("****"))
                .body("redirectUri", equalTo(REDIRECT_URI))
                // every journey's callback is registered with Google: redemption, app sign-in, sign-up
                .body("redirectUris", contains("https://id.contoso.test/redeem/callback", "https://id.contoso.test/signin/callback",
                        REDIRECT_URI));
        post(PROVIDERS, social("Google", "other.apps.googleusercontent.com", "another")).then().statusCode(409)
                .body("error.code", equalTo("Conflict")).body("error.message", containsString("Google-OAUTH"));
        post(PROVIDERS, social("Facebook", "1234567890", "fb-secret")).then().statusCode(201).body("id", equalTo("Facebook-OAUTH"));

        get(PROVIDERS).then().statusCode(200)
                .body("value.id", contains("MSASignup-OAUTH", "EmailOtpSignup-OAUTH", "Google-OAUTH", "Facebook-OAUTH"))
                .body("value.clientSecret", everyItem(anyOf(nullValue(), equalTo("****"))));
        get(PROVIDERS + "/Facebook-OAUTH").then().statusCode(200).body("clientSecret", equalTo("****"))
                .body("redirectUri", equalTo(REDIRECT_URI)).body("keySet()", not(hasItem("metadataUrl")))
                // Facebook never redeems an invitation: no redemption callback to register
                .body("redirectUris", contains("https://id.contoso.test/signin/callback", REDIRECT_URI));

        // sealed under the provider's own purpose: not readable in the database, not openable as another provider's
        String sealed = Directory.text("select sealed_client_secret from configured_identity_provider where id = 'Google-OAUTH'");
        assertFalse(sealed.contains(GOOGLE_SECRET), sealed);
        assertEquals(GOOGLE_SECRET, cipher.open("identity-provider:Google-OAUTH", sealed));
        assertThrows(IllegalStateException.class, () -> cipher.open("identity-provider:Facebook-OAUTH", sealed));

        long version = Directory.count("select version from configured_identity_provider where id = 'Google-OAUTH'");
        patch(PROVIDERS + "/Google-OAUTH", "{\"clientSecret\":\"rotated-google-secret\",\"displayName\":\"Google accounts\"}")
                .then().statusCode(204);
        get(PROVIDERS + "/Google-OAUTH").then().body("displayName", equalTo("Google accounts")).body("clientSecret", equalTo("****"));
        String resealed = Directory.text("select sealed_client_secret from configured_identity_provider where id = 'Google-OAUTH'");
        assertEquals("rotated-google-secret", cipher.open("identity-provider:Google-OAUTH", resealed));
        assertTrue(Directory.count("select version from configured_identity_provider where id = 'Google-OAUTH'") > version,
                "a journey sees that the provider changed");

        // the masked value sent back, OpenID Connect settings, another type: refused, nothing changes
        patch(PROVIDERS + "/Google-OAUTH", "{\"clientSecret\":\"****\"}").then().statusCode(400).body("error.target", equalTo("clientSecret"));
        patch(PROVIDERS + "/Google-OAUTH", "{\"metadataUrl\":\"" + DISCOVERY + "\"}").then().statusCode(400);
        patch(PROVIDERS + "/Google-OAUTH", "{\"@odata.type\":\"#microsoft.graph.socialIdentityProvider\",\"identityProviderType\":\"Facebook\"}")
                .then().statusCode(400);
        patch(PROVIDERS + "/Google-OAUTH", "{\"state\":\"disabled\"}").then().statusCode(400);
        patch(PROVIDERS + "/Google-OAUTH", "{}").then().statusCode(400);
        assertEquals(resealed, Directory.text("select sealed_client_secret from configured_identity_provider where id = 'Google-OAUTH'"));

        delete(PROVIDERS + "/Google-OAUTH").then().statusCode(204);
        get(PROVIDERS + "/Google-OAUTH").then().statusCode(404).body("error.code", equalTo("NotFound"));
        delete(PROVIDERS + "/Google-OAUTH").then().statusCode(404);
        post(PROVIDERS, social("Google", "again.apps.googleusercontent.com", "again")).then().statusCode(201);

        assertEquals(3, Directory.count("select count(*) from audit_event where action = 'identityProvider.created'"));
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'identityProvider.updated'"));
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'identityProvider.deleted'"));
        assertEquals(0, auditEventsMentioning(GOOGLE_SECRET) + auditEventsMentioning("rotated-google-secret")
                + auditEventsMentioning("fb-secret"));
        get("/v1.0/auditLogs/directoryAudits").then().statusCode(200)
                .body("value.activityDisplayName", hasItems("Add identity provider", "Update identity provider", "Delete identity provider"));
    }

    @Test
    void twoAdministratorsAddingGoogleAtOnceGetOneProviderAndOneConflict() throws Exception {
        Callable<Integer> create = () -> post(PROVIDERS, social("Google", "race.apps.googleusercontent.com", "s")).statusCode();
        List<Integer> statuses = Simultaneously.call(List.of(create, create, create));
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(2, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
    }

    @Test
    void anOpenIdConnectProviderGetsAGeneratedIdStandardClaimsAndItsSettingsChange() {
        String id = post(PROVIDERS, openIdConnect("")).then().statusCode(201)
                .body("'@odata.type'", equalTo("#microsoft.graph.openIdConnectIdentityProvider"))
                .body("id", matchesPattern("OIDC-[0-9a-f-]{36}"))
                .body("identityProviderType", equalTo("OpenIdConnect"))
                .body("clientId", equalTo("guestpass"))
                .body("clientSecret", equalTo("****"))
                .body("metadataUrl", equalTo(DISCOVERY))
                .body("scope", equalTo("openid profile email"))
                .body("responseType", equalTo("code"))
                .body("responseMode", equalTo("query"))
                .body("claimsMapping.userId", equalTo("sub"))
                .body("claimsMapping.email", equalTo("email"))
                .body("claimsMapping.displayName", equalTo("name"))
                .body("claimsMapping.givenName", equalTo("given_name"))
                .body("claimsMapping.surname", equalTo("family_name"))
                .body("clientAuthenticationMethod", equalTo("client_secret_basic"))
                .body("redirectUri", equalTo(REDIRECT_URI))
                .extract().path("id");
        // Graph's own shape (type without '#', the claims mapping's annotation, responseType and responseMode) is taken as is
        post(PROVIDERS, "{\"@odata.type\":\"microsoft.graph.openIdConnectIdentityProvider\",\"identityProviderType\":\"OpenIdConnect\","
                + "\"displayName\":\"Second\",\"clientId\":\"c2\",\"clientSecret\":\"s2\",\"scope\":\"openid  email openid\","
                + "\"metadataUrl\":\"https://idp.example.org/tenant/v2.0/.well-known/openid-configuration?p=b2c_1_signin\","
                + "\"responseType\":\"code\",\"responseMode\":\"query\",\"clientAuthenticationMethod\":\"client_secret_post\","
                + "\"claimsMapping\":{\"@odata.type\":\"microsoft.graph.claimsMapping\",\"userId\":\"oid\",\"email\":\"mail\"}}")
                .then().statusCode(201).body("scope", equalTo("openid email")).body("claimsMapping.userId", equalTo("oid"))
                .body("claimsMapping.email", equalTo("mail")).body("claimsMapping.surname", equalTo("family_name"))
                .body("clientAuthenticationMethod", equalTo("client_secret_post"));
        // development and tests reach a provider on this machine, as they do API connectors
        post(PROVIDERS, openIdConnect("").replace(DISCOVERY, "http://127.0.0.1:8089/default/.well-known/openid-configuration"))
                .then().statusCode(201);

        patch(PROVIDERS + "/" + id, "{\"scope\":\"openid offline_access\",\"claimsMapping\":{\"userId\":\"uid\"},"
                + "\"clientAuthenticationMethod\":\"client_secret_post\",\"metadataUrl\":\"https://login.partner.example/v2/.well-known/openid-configuration\"}")
                .then().statusCode(204);
        get(PROVIDERS + "/" + id).then().statusCode(200).body("scope", equalTo("openid offline_access"))
                .body("claimsMapping.userId", equalTo("uid")).body("claimsMapping.email", equalTo("email"))
                .body("clientAuthenticationMethod", equalTo("client_secret_post"))
                .body("metadataUrl", equalTo("https://login.partner.example/v2/.well-known/openid-configuration"));
        patch(PROVIDERS + "/" + id, "{\"scope\":\"profile\"}").then().statusCode(400).body("error.target", equalTo("scope"));
        patch(PROVIDERS + "/" + id, "{\"@odata.type\":\"#microsoft.graph.socialIdentityProvider\",\"identityProviderType\":\"Google\"}")
                .then().statusCode(400);
        get(PROVIDERS).then().body("value.findAll { it.identityProviderType == 'OpenIdConnect' }", hasSize(3));
        assertFalse(Directory.text("select sealed_client_secret from configured_identity_provider where id = ?", id).contains("oidc-secret"));
        assertEquals("oidc-secret", cipher.open("identity-provider:" + id,
                Directory.text("select sealed_client_secret from configured_identity_provider where id = ?", id)));

        delete(PROVIDERS + "/" + id).then().statusCode(204);
        assertEquals(2, Directory.count("select count(*) from configured_identity_provider"));
    }

    @Test
    void badSettingsAreRefusedFieldByFieldAndNothingIsWritten() {
        String google = "{\"@odata.type\":\"#microsoft.graph.socialIdentityProvider\",\"identityProviderType\":\"Google\",";
        String oidc = "{\"@odata.type\":\"#microsoft.graph.openIdConnectIdentityProvider\",\"displayName\":\"P\",\"clientId\":\"c\","
                + "\"clientSecret\":\"s\",";
        List<List<String>> cases = List.of(
                List.of("{\"displayName\":\"G\",\"clientId\":\"c\",\"clientSecret\":\"s\"}", "@odata.type"),
                List.of("{\"@odata.type\":\"#microsoft.graph.socialIdentityProvider\",\"identityProviderType\":\"Twitter\","
                        + "\"displayName\":\"T\",\"clientId\":\"c\",\"clientSecret\":\"s\"}", "identityProviderType"),
                List.of(google + "\"displayName\":\"G\",\"clientSecret\":\"s\"}", "clientId"),
                List.of(google + "\"displayName\":\"G\",\"clientId\":\"c\"}", "clientSecret"),
                List.of(google + "\"displayName\":\"G\",\"clientId\":\"c\",\"clientSecret\":\"\"}", "clientSecret"),
                List.of(google + "\"displayName\":\" \",\"clientId\":\"c\",\"clientSecret\":\"s\"}", "displayName"),
                List.of(google + "\"displayName\":\"" + "x".repeat(257) + "\",\"clientId\":\"c\",\"clientSecret\":\"s\"}", "displayName"),
                List.of(google + "\"displayName\":\"G\",\"clientId\":\"a b\",\"clientSecret\":\"s\"}", "clientId"),
                List.of(google + "\"displayName\":\"G\",\"clientId\":\"" + "c".repeat(257) + "\",\"clientSecret\":\"s\"}", "clientId"),
                List.of(google + "\"displayName\":\"G\",\"clientId\":\"c\",\"clientSecret\":\"" + "s".repeat(1025) + "\"}", "clientSecret"),
                List.of(google + "\"displayName\":\"G\",\"clientId\":\"c\",\"clientSecret\":\"****\"}", "clientSecret"),
                List.of(google + "\"displayName\":\"G\",\"clientId\":123,\"clientSecret\":\"s\"}", ""),
                List.of(google + "\"displayName\":\"G\",\"clientId\":\"c\",\"clientSecret\":\"s\",\"metadataUrl\":\"" + DISCOVERY + "\"}", "OpenID Connect"),
                List.of(google + "\"displayName\":\"G\",\"clientId\":\"c\",\"clientSecret\":\"s\",\"state\":\"enabled\"}", "state"),
                List.of(google + "\"displayName\":\"G\",\"clientId\":\"c\",\"clientSecret\":\"s\",\"colour\":\"red\"}", ""),
                List.of(oidc + "\"scope\":\"openid\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"http://login.partner.example/.well-known/openid-configuration\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"https://10.0.0.1/.well-known/openid-configuration\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"https://169.254.169.254/.well-known/openid-configuration\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"https://2130706433/.well-known/openid-configuration\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"https://[::1]/.well-known/openid-configuration\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"https://user:pw@login.partner.example/.well-known/openid-configuration\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"https://login.partner.example:8443/.well-known/openid-configuration\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"https://login.partner.example/.well-known/openid-configuration#x\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"https://login.partner.example/oauth2\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"https://intranet/.well-known/openid-configuration\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"not a url\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"https://login.partner.example/" + "p/".repeat(1024) + ".well-known/openid-configuration\"}", "metadataUrl"),
                List.of(oidc + "\"metadataUrl\":\"" + DISCOVERY + "\",\"scope\":\"profile email\"}", "scope"),
                List.of(oidc + "\"metadataUrl\":\"" + DISCOVERY + "\",\"scope\":\"openid \\\"x\\\"\"}", "scope"),
                List.of(oidc + "\"metadataUrl\":\"" + DISCOVERY + "\",\"scope\":\"openid " + "s".repeat(1024) + "\"}", "scope"),
                List.of(oidc + "\"metadataUrl\":\"" + DISCOVERY + "\",\"claimsMapping\":{\"userId\":\"\"}}", "claimsMapping.userId"),
                List.of(oidc + "\"metadataUrl\":\"" + DISCOVERY + "\",\"claimsMapping\":{\"email\":\"e mail\"}}", "claimsMapping.email"),
                List.of(oidc + "\"metadataUrl\":\"" + DISCOVERY + "\",\"claimsMapping\":{\"phone\":\"p\"}}", ""),
                List.of(oidc + "\"metadataUrl\":\"" + DISCOVERY + "\",\"claimsMapping\":\"sub\"}", ""),
                List.of(oidc + "\"metadataUrl\":\"" + DISCOVERY + "\",\"clientAuthenticationMethod\":\"private_key_jwt\"}", "clientAuthenticationMethod"),
                List.of(oidc + "\"metadataUrl\":\"" + DISCOVERY + "\",\"responseType\":\"id_token\"}", "responseType"),
                List.of(oidc + "\"metadataUrl\":\"" + DISCOVERY + "\",\"responseMode\":\"form_post\"}", "responseMode"),
                List.of(oidc + "\"metadataUrl\":\"" + DISCOVERY + "\",\"identityProviderType\":\"Google\"}", "identityProviderType"),
                List.of("[1,2]", ""),
                List.of("", ""));
        for (List<String> refused : cases) {
            Response response = post(PROVIDERS, refused.get(0));
            assertEquals(400, response.statusCode(), refused.get(0) + " → " + response.asString());
            String field = refused.get(1);
            if (!field.isEmpty()) {
                String target = response.path("error.target");
                String message = response.path("error.message");
                assertTrue(field.equals(target) || message.contains(field), refused.get(0) + " → " + response.asString());
            }
        }
        assertEquals(0, Directory.count("select count(*) from configured_identity_provider"));
        assertEquals(0, Directory.count("select count(*) from audit_event where target_type = 'identityProvider'"));
    }

    @Test
    void aProviderAUserFlowOffersIsNotDeletedAndTheFlowListsIt() {
        post(PROVIDERS, social("Google", "flow.apps.googleusercontent.com", GOOGLE_SECRET)).then().statusCode(201);
        post(FLOWS, "{\"id\":\"Partners\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}").then().statusCode(201);
        post(FLOWS, "{\"id\":\"Suppliers\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}").then().statusCode(201);
        String partners = FLOWS + "/B2X_1_Partners/userFlowIdentityProviders";
        for (String flow : List.of(partners, FLOWS + "/B2X_1_Suppliers/userFlowIdentityProviders")) {
            post(flow + "/$ref", "{\"@odata.id\":\"https://id.contoso.test/v1.0/identity/identityProviders/Google-OAUTH\"}").then().statusCode(204);
        }
        post(partners + "/$ref", "{\"@odata.id\":\"https://id.contoso.test/v1.0/identity/identityProviders/EmailOtpSignup-OAUTH\"}")
                .then().statusCode(204);
        get(partners).then().statusCode(200)
                .body("value.id", contains("MSASignup-OAUTH", "Google-OAUTH", "EmailOtpSignup-OAUTH"))
                .body("value[1].'@odata.type'", equalTo("#microsoft.graph.socialIdentityProvider"))
                .body("value[1].clientSecret", equalTo("****"))
                .body("value[2].state", equalTo("enabled"));

        delete(PROVIDERS + "/Google-OAUTH").then().statusCode(409).body("error.code", equalTo("Conflict"))
                .body("error.message", allOf(containsString("B2X_1_Partners"), containsString("B2X_1_Suppliers")));
        delete(partners + "/Google-OAUTH/$ref").then().statusCode(204);
        delete(FLOWS + "/B2X_1_Suppliers").then().statusCode(204);
        delete(PROVIDERS + "/Google-OAUTH").then().statusCode(204);
        get(partners).then().body("value.id", contains("MSASignup-OAUTH", "EmailOtpSignup-OAUTH"));
        post(partners + "/$ref", "{\"@odata.id\":\"https://id.contoso.test/v1.0/identity/identityProviders/Google-OAUTH\"}")
                .then().statusCode(400).body("error.message", containsString("Google-OAUTH"));
    }

    @Test
    void aProviderIsNeverDeletedWhileAFlowIsBeingGivenIt() throws Exception {
        post(FLOWS, "{\"id\":\"Race\",\"userFlowType\":\"signUpOrSignIn\",\"userFlowTypeVersion\":1}").then().statusCode(201);
        for (int round = 0; round < 3; round++) {
            post(PROVIDERS, social("Facebook", "42", "s")).then().statusCode(201);
            Callable<Integer> add = () -> post(FLOWS + "/B2X_1_Race/userFlowIdentityProviders/$ref",
                    "{\"@odata.id\":\"https://id.contoso.test/v1.0/identity/identityProviders/Facebook-OAUTH\"}").statusCode();
            Callable<Integer> remove = () -> delete(PROVIDERS + "/Facebook-OAUTH").statusCode();
            List<Integer> statuses = Simultaneously.call(List.of(add, remove));
            boolean deleted = statuses.get(1) == 204;
            assertEquals(deleted ? List.of(400, 204) : List.of(204, 409), statuses);
            long offered = Directory.count("select count(*) from user_flow where 'Facebook-OAUTH' = any(identity_providers)");
            long stored = Directory.count("select count(*) from configured_identity_provider");
            assertTrue(offered == 0 || stored == 1, "a flow never offers a provider that is gone");
            if (!deleted) {
                delete(FLOWS + "/B2X_1_Race/userFlowIdentityProviders/Facebook-OAUTH/$ref").then().statusCode(204);
                delete(PROVIDERS + "/Facebook-OAUTH").then().statusCode(204);
            }
        }
    }

    @Test
    void readingNeedsAPermissionChangingTheWritePermissionAndPeopleTheProviderRole() {
        String body = social("Google", "perm.apps.googleusercontent.com", "s");
        String noPermission = Tokens.application("bare-app");
        given().auth().oauth2(noPermission).get(PROVIDERS).then().statusCode(403).body("error.code", equalTo("Forbidden"));
        given().auth().oauth2(noPermission).contentType(ContentType.JSON).body(body).post(PROVIDERS).then().statusCode(403);

        String reader = Tokens.application("reader-app", "IdentityProvider.Read.All");
        given().auth().oauth2(reader).get(PROVIDERS).then().statusCode(200);
        given().auth().oauth2(reader).contentType(ContentType.JSON).body(body).post(PROVIDERS).then().statusCode(403);
        given().auth().oauth2(reader).contentType(ContentType.JSON).body("{\"state\":\"disabled\"}")
                .patch(PROVIDERS + "/EmailOtpSignup-OAUTH").then().statusCode(403);

        String member = Tokens.person("member", "IdentityProvider.ReadWrite.All");
        given().auth().oauth2(member).get(PROVIDERS + "/MSASignup-OAUTH").then().statusCode(403);
        given().auth().oauth2(member).contentType(ContentType.JSON).body(body).post(PROVIDERS).then().statusCode(403);
        String flowAdmin = Tokens.person("flows", "IdentityProvider.ReadWrite.All", "External ID User Flow Administrator");
        given().auth().oauth2(flowAdmin).contentType(ContentType.JSON).body(body).post(PROVIDERS).then().statusCode(403);
        given().contentType(ContentType.JSON).body(body).post(PROVIDERS).then().statusCode(401);
        assertEquals(0, Directory.count("select count(*) from configured_identity_provider"));

        String providerAdmin = Tokens.person("idp", "IdentityProvider.ReadWrite.All", "External Identity Provider Administrator");
        given().auth().oauth2(providerAdmin).contentType(ContentType.JSON).body(body).post(PROVIDERS).then().statusCode(201);
        given().auth().oauth2(providerAdmin).delete(PROVIDERS + "/Google-OAUTH").then().statusCode(204);
        assertEquals(7, Directory.count("select count(*) from audit_event where action = 'authorization.refused'"));
        assertNotEquals(0, Directory.count("select count(*) from audit_event where action = 'identityProvider.created' "
                + "and actor_subject = 'idp'"));
    }
}
