package io.guestpass.oidc;

import io.guestpass.directory.AuthorizationCode;
import io.guestpass.directory.GuestUser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.TestClock;
import io.guestpass.fixtures.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Client credentials for back ends: a confidential application gets an application token for Guestpass's own API (its
 * grantedPermissions in roles) or for a registered API, and the administration API accepts Guestpass's application tokens
 * beside the external issuer's — verified with the database's keys, the application looked up on every call.
 */
@QuarkusTest
@TestProfile(SigningKeysTest.LocalRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class ClientCredentialsTest {

    static final String TOKEN = "/" + AppSignIn.TENANT + "/oauth2/v2.0/token";
    static final String ADMIN_API = GuestpassTestResources.AUDIENCE + "/.default";
    static final String GLOBAL_ADMIN = Tokens.person("ga-1", "Application.ReadWrite.All", "Global Administrator");

    @Inject
    TestClock clock;

    @Inject
    TokenIssuer issuer;

    @Inject
    SigningKeys signingKeys;

    @Inject
    Tenants tenants;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    /** An application registered through the API by a Global Administrator, with these permissions and one secret. */
    record Daemon(String id, String appId, String secret) {
    }

    static Daemon daemon(String... permissions) {
        String id = given().auth().oauth2(GLOBAL_ADMIN).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Contoso provisioning", "grantedPermissions", List.of(permissions)))
                .post("/v1.0/applications").then().statusCode(201).extract().path("id");
        String appId = given().auth().oauth2(GLOBAL_ADMIN).get("/v1.0/applications/" + id).path("appId");
        String secret = given().auth().oauth2(GLOBAL_ADMIN).contentType(ContentType.JSON).body("{}")
                .post("/v1.0/applications/" + id + "/addPassword").then().statusCode(200).extract().path("secretText");
        return new Daemon(id, appId, secret);
    }

    static Response grant(Daemon app, String scope) {
        var request = given().auth().preemptive().basic(app.appId(), app.secret()).formParam("grant_type", "client_credentials");
        return (scope == null ? request : request.formParam("scope", scope)).post(TOKEN);
    }

    static String accessToken(Daemon app) {
        return grant(app, ADMIN_API).then().statusCode(200).extract().path("access_token");
    }

    static Response invite(String token, String address) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"invitedUserEmailAddress\":\"" + address + "\",\"inviteRedirectUrl\":\"https://app.contoso.test/welcome\"}")
                .post("/v1.0/invitations");
    }

    @Test
    void aConfidentialApplicationGetsAnEntraShapedApplicationTokenForTheAdministrationApi() throws Exception {
        Daemon app = daemon("User.Invite.All", "User.Read.All");
        Response answer = grant(app, ADMIN_API);
        answer.then().statusCode(200).header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(3600)).body("ext_expires_in", equalTo(3600))
                .body("refresh_token", nullValue()).body("id_token", nullValue());
        JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(answer.path("access_token"));
        JsonWebKeySet published = new JsonWebKeySet(given().get("/" + AppSignIn.TENANT + "/discovery/v2.0/keys").asString());
        jws.setKey(new VerificationJwkSelector().select(jws, published.getJsonWebKeys()).getKey());
        org.junit.jupiter.api.Assertions.assertTrue(jws.verifySignature(), "signed with a published key");
        assertEquals("RS256", jws.getAlgorithmHeaderValue());
        JwtClaims claims = JwtClaims.parse(jws.getPayload());
        assertEquals(AppSignIn.ISSUER, claims.getIssuer());
        assertEquals(List.of(GuestpassTestResources.AUDIENCE), claims.getAudience());
        assertEquals(app.id(), claims.getSubject());
        assertEquals(app.id(), claims.getClaimValue("oid"));
        assertEquals(app.appId(), claims.getClaimValue("azp"));
        assertEquals("1", claims.getClaimValue("azpacr"));
        assertEquals("app", claims.getClaimValue("idtyp"));
        assertEquals(List.of("User.Invite.All", "User.Read.All"), claims.getStringListClaimValue("roles"));
        assertEquals(AppSignIn.TENANT, claims.getClaimValue("tid"));
        assertEquals("2.0", claims.getClaimValue("ver"));
        assertEquals(3600, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertEquals(claims.getIssuedAt(), claims.getNotBefore());
        assertEquals(claims.getJwtId(), claims.getClaimValue("uti"));
        assertNull(claims.getClaimValue("scp"));
        // client_secret_post does the same; each token is a new one
        String posted = given().formParam("grant_type", "client_credentials").formParam("client_id", app.appId())
                .formParam("client_secret", app.secret()).formParam("scope", ADMIN_API).post(TOKEN)
                .then().statusCode(200).extract().path("access_token");
        assertNotEquals(answer.<String>path("access_token"), posted);
    }

    @Test
    void withoutGrantedPermissionsTheTokenHasNoRolesAndARegisteredApiGetsATokenWithoutRoles() throws Exception {
        Daemon app = daemon();
        assertNull(claims(accessToken(app)).getClaimValue("roles"), "roles only when there are any, as Entra");
        String api = given().auth().oauth2(GLOBAL_ADMIN).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Orders API", "identifierUris", List.of("api://contoso-orders")))
                .post("/v1.0/applications").then().statusCode(201).extract().path("appId");
        Daemon granted = daemon("User.Invite.All");
        JwtClaims forOrders = claims(grant(granted, "api://contoso-orders/.default").then().statusCode(200).extract().path("access_token"));
        assertEquals(List.of(api), forOrders.getAudience());
        assertNull(forOrders.getClaimValue("roles"), "Guestpass's permissions are for Guestpass's API only");
        // and that token is not one for the administration API
        invite(grant(granted, "api://contoso-orders/.default").path("access_token"), "orders@example.com").then().statusCode(401);
    }

    @Test
    void everyRefusalSaysWhatIsWrongInTheOAuthShape() throws Exception {
        Daemon app = daemon("User.Invite.All");
        grant(new Daemon(app.id(), app.appId(), app.secret() + "x"), ADMIN_API).then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic")).body("error", equalTo("invalid_client"));
        grant(new Daemon(app.id(), UUID.randomUUID().toString(), app.secret()), ADMIN_API).then().statusCode(401)
                .body("error", equalTo("invalid_client"));
        given().formParam("grant_type", "client_credentials").formParam("scope", ADMIN_API).post(TOKEN).then().statusCode(401)
                .body("error", equalTo("invalid_client"));
        grant(app, null).then().statusCode(400).body("error", equalTo("invalid_scope"))
                .body("error_description", containsString("/.default"));
        grant(app, ADMIN_API + " api://contoso-orders/.default").then().statusCode(400).body("error", equalTo("invalid_scope"))
                .body("error_description", containsString("exactly one scope"));
        grant(app, "openid profile offline_access").then().statusCode(400).body("error", equalTo("invalid_scope"))
                .body("error_description", containsString("0 were given"));
        // OpenID Connect's own scopes beside it are ignored, as Entra ignores them (MSAL always sends them)
        assertEquals(List.of("User.Invite.All"), claims(grant(app, "openid " + ADMIN_API + " profile offline_access")
                .then().statusCode(200).extract().<String>path("access_token")).getStringListClaimValue("roles"));
        grant(app, GuestpassTestResources.AUDIENCE + "/User.Invite.All").then().statusCode(400).body("error", equalTo("invalid_scope"))
                .body("error_description", containsString("only <resource>/.default"));
        grant(app, "api://nobody-registered/.default").then().statusCode(400).body("error", equalTo("invalid_scope"))
                .body("error_description", containsString("no API is known as api://nobody-registered"));
        given().auth().preemptive().basic(app.appId(), app.secret()).formParam("grant_type", "client_credentials")
                .formParam("scope", ADMIN_API).formParam("scope", ADMIN_API).post(TOKEN).then().statusCode(400)
                .body("error", equalTo("invalid_request"));
        // a single-page client has no secret: it cannot use client credentials, whatever it sends
        String spa = given().auth().oauth2(GLOBAL_ADMIN).contentType(ContentType.JSON)
                .body(Map.of("displayName", "Portal SPA", "spa", Map.of("redirectUris", List.of("https://spa.contoso.test/"))))
                .post("/v1.0/applications").then().statusCode(201).extract().path("appId");
        given().formParam("grant_type", "client_credentials").formParam("client_id", spa).formParam("scope", ADMIN_API).post(TOKEN)
                .then().statusCode(400).body("error", equalTo("unauthorized_client"));
    }

    @Test
    void anApplicationTokenWithUserInviteAllInvitesAndTheTrailNamesTheApplication() {
        Daemon app = daemon("User.Invite.All");
        String id = invite(accessToken(app), "grace@example.com").then().statusCode(201).extract().path("id");
        assertEquals(1, Directory.count("select count(*) from audit_event where action = 'invitation.created' and actor_subject = ? "
                + "and actor_client = ? and actor_type = 'application'", app.id(), app.appId()));
        given().auth().oauth2(Tokens.admin()).get("/v1.0/invitations/" + id).then().statusCode(200);
    }

    @Test
    void withoutUserInviteAllTheApplicationIsRefused() {
        Daemon reader = daemon("User.Read.All");
        invite(accessToken(reader), "grace@example.com").then().statusCode(403).body("error.code", equalTo("Forbidden"));
        given().auth().oauth2(accessToken(reader)).get("/v1.0/users").then().statusCode(200);
    }

    @Test
    void takingAPermissionAwayOrDeletingTheApplicationStopsItsTokensAtOnce() {
        Daemon app = daemon("User.Invite.All");
        String token = accessToken(app);
        invite(token, "one@example.com").then().statusCode(201);
        given().auth().oauth2(GLOBAL_ADMIN).contentType(ContentType.JSON).body("{\"grantedPermissions\":[]}")
                .patch("/v1.0/applications/" + app.id()).then().statusCode(204);
        invite(token, "two@example.com").then().statusCode(403);
        given().auth().oauth2(GLOBAL_ADMIN).contentType(ContentType.JSON).body("{\"grantedPermissions\":[\"User.Invite.All\"]}")
                .patch("/v1.0/applications/" + app.id()).then().statusCode(204);
        invite(token, "three@example.com").then().statusCode(201);
        given().auth().oauth2(GLOBAL_ADMIN).delete("/v1.0/applications/" + app.id()).then().statusCode(204);
        invite(token, "four@example.com").then().statusCode(401).body("error.code", equalTo("Unauthorized"));
    }

    @Test
    void aGuestsTokensFromTheSameIssuerAreNeverAnApplications() throws Throwable {
        GuestUser guest = new GuestUser();
        guest.id = UUID.randomUUID();
        guest.displayName = "Grace";
        guest.mail = "grace@example.com";
        AuthorizationCode code = new AuthorizationCode();
        code.clientId = UUID.randomUUID().toString();
        code.scope = "openid profile";
        code.authTime = Instant.now();
        code.tokenId = UUID.randomUUID();
        code.idp = "live.com";
        Map<String, Object> tokens = VertxContextSupport.subscribeAndAwait(() -> issuer.exchange(code, guest));
        invite((String) tokens.get("access_token"), "x@example.com").then().statusCode(401);
        invite((String) tokens.get("id_token"), "x@example.com").then().statusCode(401);
        // even one made out for the administration API: without idtyp=app it is a person's, and people's come from elsewhere
        JwtClaims person = baseClaims(Instant.now());
        person.setSubject("pairwise-subject");
        person.setClaim("scp", "User.Invite.All");
        invite(sign(person), "x@example.com").then().statusCode(401);
    }

    @Test
    void aTamperedExpiredForeignOrMisdirectedTokenIsRefused() throws Throwable {
        Daemon app = daemon("User.Invite.All");
        String token = accessToken(app);
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? "B" : "A") + parts[2].substring(1);
        invite(tampered, "x@example.com").then().statusCode(401);
        // the same claims, signed with a key that is not one of ours
        RsaJsonWebKey foreign = RsaJwkGenerator.generateJwk(2048);
        foreign.setKeyId("not-ours");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(token).toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setKeyIdHeaderValue("not-ours");
        jws.setKey(foreign.getPrivateKey());
        invite(jws.getCompactSerialization(), "x@example.com").then().statusCode(401);
        // ours, an application's, but for another audience
        JwtClaims elsewhere = claims(token);
        elsewhere.setAudience("api://contoso-orders");
        invite(sign(elsewhere), "x@example.com").then().statusCode(401);
        // and once the lifetime is over (beyond the 30-second skew)
        invite(token, "x@example.com").then().statusCode(201);
        clock.advance(Duration.ofMinutes(61));
        invite(token, "y@example.com").then().statusCode(401);
    }

    @Test
    void onlyAGlobalAdministratorSetsGrantedPermissionsAndOnlyNamesTheApiKnows() {
        Daemon app = daemon("User.Invite.All");
        given().auth().oauth2(GLOBAL_ADMIN).get("/v1.0/applications/" + app.id()).then().statusCode(200)
                .body("grantedPermissions", equalTo(List.of("User.Invite.All")));
        given().auth().oauth2(GLOBAL_ADMIN).contentType(ContentType.JSON).body("{\"grantedPermissions\":[\"User.Invite.All\",\"Mail.Send\"]}")
                .patch("/v1.0/applications/" + app.id()).then().statusCode(400)
                .body("error.message", containsString("'Mail.Send' is not a permission of this API"));
        String fingerprint = Directory.fingerprint();
        String applicationAdmin = Tokens.person("aa-1", "Application.ReadWrite.All", "Application Administrator");
        String privilegedApp = Tokens.application("automation", "Application.ReadWrite.All");
        for (String caller : List.of(applicationAdmin, privilegedApp)) {
            given().auth().oauth2(caller).contentType(ContentType.JSON).body("{\"grantedPermissions\":[\"User.ReadWrite.All\"]}")
                    .patch("/v1.0/applications/" + app.id()).then().statusCode(403).body("error.code", equalTo("Forbidden"));
            given().auth().oauth2(caller).contentType(ContentType.JSON)
                    .body("{\"displayName\":\"Self-granted\",\"grantedPermissions\":[\"User.ReadWrite.All\"]}")
                    .post("/v1.0/applications").then().statusCode(403);
        }
        assertEquals(fingerprint, Directory.fingerprint(), "nothing changed");
        assertEquals(4, Directory.count("select count(*) from audit_event where action = 'authorization.refused' and target_type = 'application'"));
        // an Application Administrator still changes everything else
        given().auth().oauth2(applicationAdmin).contentType(ContentType.JSON).body("{\"displayName\":\"Renamed\"}")
                .patch("/v1.0/applications/" + app.id()).then().statusCode(204);
        given().auth().oauth2(applicationAdmin).get("/v1.0/applications/" + app.id()).then()
                .body("grantedPermissions", equalTo(List.of("User.Invite.All")));
        assertFalse(Directory.text("select granted_permissions::text from application where id = ?::uuid", app.id()).contains("ReadWrite"));
    }

    private JwtClaims baseClaims(Instant now) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(tenants.issuer());
        claims.setAudience(GuestpassTestResources.AUDIENCE);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.plusSeconds(600).getEpochSecond()));
        return claims;
    }

    private String sign(JwtClaims claims) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> signingKeys.sign(claims, "JWT"));
    }

    private static JwtClaims claims(String token) throws Exception {
        JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(token);
        return JwtClaims.parse(jws.getUnverifiedPayload());
    }
}
