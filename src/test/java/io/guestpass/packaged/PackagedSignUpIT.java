package io.guestpass.packaged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.ApiGatewayEvents;
import io.guestpass.fixtures.AppSignUpJourney;
import io.guestpass.fixtures.ConnectorServer;
import io.guestpass.fixtures.GatewayBrowser;
import io.guestpass.fixtures.GatewayResponse;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.MicrosoftBackEnd;
import io.guestpass.fixtures.PackagedDeployment;
import io.guestpass.fixtures.RelyingParty;
import io.guestpass.fixtures.TestCertificates;
import io.guestpass.fixtures.UserFlowAdministration;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Self-service sign-up as AWS runs it (issue 10): two packaged signup instances, each behind its own Runtime API, started
 * with exactly what infra/roles.json gives the role plus the two test-only settings that put API connectors on loopback
 * ({@link PackagedDeployment#loopbackConnectors}); one PostgreSQL migrated by the migrate function; the local Microsoft
 * account stand-in. Everything an administrator sets up — the policy switch, flows, attributes, the applications' links,
 * connectors and their binding — goes through a packaged invite instance's Graph API, so that the admin API and the
 * sign-up agree on what they store.
 *
 * <p>The browser journeys alternate their requests between the two instances (the journey's state lives in its sealed
 * cookie, not in an instance).
 */
class PackagedSignUpIT {

    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final String PORTAL_REDIRECT_URI = PackagedDeployment.REDIRECT_ORIGIN + "/signin-oidc";
    static final String PARTNERS_REDIRECT_URI = PackagedDeployment.REDIRECT_ORIGIN + "/partners/signin-oidc";
    static final String CONNECTOR_USER = "guestpass";
    static final String CONNECTOR_PASSWORD = "packaged connector password";
    static final ObjectMapper JSON = new ObjectMapper();

    static PackagedDeployment deployment;
    static List<PackagedDeployment.Instance> signup;
    static List<GatewayBrowser.Route> instances;
    static Vertx vertx;
    static ConnectorServer partner;
    /** Collects city, display name and a favourite number; no connectors. */
    static PackagedDeployment.RegisteredApplication portal;
    static String portalFlow;
    static String favourite;
    /** Collects city and job title; a connector prefills after the provider and another checks the attributes. */
    static PackagedDeployment.RegisteredApplication partners;

    @BeforeAll
    static void deploy() {
        TestCertificates tls = TestCertificates.create(Path.of("target", "packaged-connector-tls"));
        Map<String, String> loopback = PackagedDeployment.loopbackConnectors(tls.caCertificate());
        deployment = new PackagedDeployment("it-signup");
        assertEquals(200, deployment.migrate().status(), "migration");
        PackagedDeployment.Instance invite = deployment.start("invite", 1, loopback).get(0);
        signup = deployment.start("signup", 2, loopback);
        vertx = Vertx.vertx();
        partner = ConnectorServer.start(vertx, tls).answer(PackagedSignUpIT::answerAsPartner);
        MicrosoftBackEnd.register(deployment.microsoft());
        deployment.awaitReady(START_TIMEOUT);
        instances = signup.stream().map(PackagedDeployment.Instance::route).toList();

        UserFlowAdministration admin = new UserFlowAdministration(GatewayBrowser.via(invite.api()), deployment.adminToken());
        admin.enableSelfServiceSignUp();
        portal = deployment.registerWebApplication(invite.api(), "Contoso Portal", PORTAL_REDIRECT_URI);
        admin.microsoftAccountClientIds(portal.objectId(), GuestpassTestResources.BACK_END_MSA_CLIENT_ID);
        favourite = admin.customAttribute("FavouriteNumber", "int64");
        portalFlow = admin.flow("PortalSignUp");
        admin.collect(portalFlow, "city", "City", false);
        admin.collect(portalFlow, "displayName", "Display name", false);
        admin.collect(portalFlow, favourite, "Favourite number", true);
        admin.link(portalFlow, portal.objectId());

        partners = deployment.registerWebApplication(invite.api(), "Fabrikam Partners", PARTNERS_REDIRECT_URI);
        String partnersFlow = admin.flow("PartnerSignUp");
        admin.collect(partnersFlow, "city", "City", false);
        admin.collect(partnersFlow, "jobTitle", "Job title", true);
        admin.link(partnersFlow, partners.objectId());
        admin.bind(partnersFlow, "postFederationSignup",
                admin.basicConnector("Partner prefill", partner.url("/prefill"), CONNECTOR_USER, CONNECTOR_PASSWORD));
        admin.bind(partnersFlow, "postAttributeCollection",
                admin.basicConnector("Partner check", partner.url("/check"), CONNECTOR_USER, CONNECTOR_PASSWORD));
    }

    @AfterAll
    static void undeploy() {
        if (deployment != null) {
            deployment.close();
        }
        if (partner != null) {
            partner.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /**
     * The partner's connector: only with the Basic credentials the administrator gave (sealed by the invite function, opened
     * by the signup function); after the provider it prefills the city, after the attribute page it overwrites the job title.
     */
    private static void answerAsPartner(int call, io.vertx.core.http.HttpServerRequest request) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CONNECTOR_USER + ":" + CONNECTOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.getHeader("Authorization"))) {
            ConnectorServer.json(401, "{}").answer(call, request);
        } else if (request.path().equals("/prefill")) {
            ConnectorServer.json(200, "{\"version\":\"1.0.0\",\"action\":\"Continue\",\"city\":\"Rotterdam\"}").answer(call, request);
        } else {
            ConnectorServer.json(200, "{\"version\":\"1.0.0\",\"action\":\"Continue\",\"jobTitle\":\"Verified partner\"}").answer(call, request);
        }
    }

    @Test
    void aNewPersonSignsUpWithPromptCreateAndTheApplicationExchangesTheCode() throws Exception {
        String address = "sam.signup@outlook.com";
        LocalMicrosoftAccount.Account account = LocalMicrosoftAccount.Account.of(address);
        long[] before = answered();
        RelyingParty app = new RelyingParty(RelyingParty.discover(instances.get(0), deployment.directoryId()), portal, PORTAL_REDIRECT_URI);
        RelyingParty.SignIn signIn = app.signIn();
        AppSignUpJourney tab = new AppSignUpJourney(GatewayBrowser.alternating(instances), deployment.microsoft());

        GatewayResponse form = tab.toAttributes(AppSignUpJourney.create(signIn.request()), account);
        assertTrue(form.body().contains("Tell Contoso about yourself"), form::toString);
        assertEquals(account.name(), tab.shown(form, "displayName"), "the provider's name is prefilled");

        GatewayResponse refused = tab.tab().expect(tab.submit(form, Map.of("city", "Utrecht", favourite, "twelve")), 400, null);
        assertTrue(refused.body().contains("Enter a whole number."), refused::toString);
        assertEquals(0, deployment.count("select count(*) from guest_user where mail = ?", address));

        // the refused page keeps what was typed; the person corrects the number only
        GatewayResponse atApp = tab.tab().expect(tab.submit(refused, Map.of(favourite, "42")), 303, null);
        AuthorizationCode code = codeAt(app, signIn, atApp);
        OIDCTokenResponse tokens = success(app.exchange(instances.get(1), code));
        IDTokenClaimsSet id = app.validate(tokens.getOIDCTokens().getIDToken(), app.keys(instances.get(0)), signIn.nonce());
        assertEquals(address, id.getStringClaim("email"));

        String userId = deployment.text("select id::text from guest_user where mail = ?", address);
        assertEquals(userId, id.getStringClaim("oid"));
        assertEquals("SelfServiceSignUp", deployment.text("select creation_type from guest_user where id = ?::uuid", userId));
        assertEquals("Accepted", deployment.text("select external_user_state from guest_user where id = ?::uuid", userId));
        assertEquals("Utrecht", deployment.text("select attributes->>'city' from guest_user where id = ?::uuid", userId));
        assertEquals("42", deployment.text("select (attributes->'" + favourite + "')::text from guest_user where id = ?::uuid", userId));
        assertEquals(1, deployment.count("select count(*) from sign_in_identity where user_id = ?::uuid and issuer_assigned_id = ?",
                userId, account.oid()));
        assertEquals(1, deployment.count("select count(*) from consent_record where user_id = ?::uuid", userId));
        assertEquals(1, deployment.count("select count(*) from audit_event where action = 'user.signedUp' and target_id = ?", userId));
        long[] after = answered();
        for (int i = 0; i < after.length; i++) {
            assertTrue(after[i] - before[i] >= 3, signup.get(i).name() + " served too little: " + tab.tab().trace());
        }
    }

    /**
     * Both connector steps from the packaged function, through the production client (TLS, Basic credentials the invite
     * function sealed, Entra's JSON): what the first answers prefills the page, what the second answers overwrites what was
     * typed, and each was sent what the contract says.
     */
    @Test
    void theFlowsConnectorsPrefillThePageAndOverwriteWhatWasTyped() throws Exception {
        String address = "pia.partner@outlook.com";
        int calls = partner.received().size();
        RelyingParty app = new RelyingParty(RelyingParty.discover(instances.get(1), deployment.directoryId()), partners, PARTNERS_REDIRECT_URI);
        RelyingParty.SignIn signIn = app.signIn();
        AppSignUpJourney tab = new AppSignUpJourney(GatewayBrowser.alternating(instances), deployment.microsoft());

        GatewayResponse form = tab.toAttributes(AppSignUpJourney.create(signIn.request()), LocalMicrosoftAccount.Account.of(address));
        assertEquals("Rotterdam", tab.shown(form, "city"), "prefilled by the postFederationSignup connector");
        GatewayResponse atApp = tab.tab().expect(tab.submit(form, Map.of("jobTitle", "Buyer")), 303, null);
        success(app.exchange(instances.get(0), codeAt(app, signIn, atApp)));

        String userId = deployment.text("select id::text from guest_user where mail = ?", address);
        assertEquals("Rotterdam", deployment.text("select attributes->>'city' from guest_user where id = ?::uuid", userId));
        assertEquals("Verified partner", deployment.text("select attributes->>'jobTitle' from guest_user where id = ?::uuid", userId));

        List<ConnectorServer.Received> received = partner.received().subList(calls, partner.received().size());
        assertEquals(2, received.size(), received::toString);
        JsonNode first = JSON.readTree(received.get(0).body());
        assertEquals("/prefill", received.get(0).uri());
        assertEquals("PostFederationSignup", first.path("step").asText());
        assertEquals(address, first.path("email").asText());
        assertEquals(partners.clientId(), first.path("client_id").asText());
        JsonNode second = JSON.readTree(received.get(1).body());
        assertEquals("/check", received.get(1).uri());
        assertEquals("PostAttributeCollection", second.path("step").asText());
        assertEquals("Rotterdam", second.path("city").asText());
        assertEquals("Buyer", second.path("jobTitle").asText(), "the connector sees what was typed");
    }

    /**
     * The back-end API: the application, authenticated with its secret, signs a person up with the Microsoft ID token its
     * back end holds (from the stand-in, for the back end's own Microsoft application); the token is spent for every instance.
     */
    @Test
    void aBackEndSignsAPersonUpWithTheirMicrosoftIdToken() {
        String address = "bo.backend@outlook.com";
        String idToken = MicrosoftBackEnd.idTokenFor(deployment.microsoft(), address);
        String basic = "Basic " + Base64.getEncoder().encodeToString((portal.clientId() + ":" + portal.secret()).getBytes(StandardCharsets.UTF_8));
        String body = "{\"idToken\":\"" + idToken + "\",\"attributes\":{\"city\":\"Leiden\",\"displayName\":\"Bo\",\"" + favourite + "\":7}}";

        GatewayResponse created = instances.get(0).send(ApiGatewayEvents.post("/signup/" + portalFlow).header("Authorization", basic).json(body));
        assertEquals(201, created.status(), created::toString);
        String userId = deployment.text("select id::text from guest_user where mail = ?", address);
        assertTrue(created.header("Location").endsWith("/v1.0/users/" + userId), created::toString);
        assertEquals(address, created.json().path("mail").asText());
        assertEquals("SelfServiceSignUp", created.json().path("creationType").asText());
        assertEquals("Leiden", created.json().path("city").asText());
        assertEquals(7, created.json().path(favourite).asInt());

        GatewayResponse again = instances.get(1).send(ApiGatewayEvents.post("/signup/" + portalFlow).header("Authorization", basic).json(body));
        assertEquals(400, again.status(), again::toString);
        assertTrue(again.body().contains("already used"), again::toString);
        assertEquals(1, deployment.count("select count(*) from guest_user where mail = ?", address));
    }

    private static AuthorizationCode codeAt(RelyingParty app, RelyingParty.SignIn signIn, GatewayResponse atApp) throws Exception {
        AuthenticationResponse received = app.received(atApp);
        assertTrue(received.indicatesSuccess(), atApp::toString);
        assertEquals(signIn.state(), received.getState());
        return received.toSuccessResponse().getAuthorizationCode();
    }

    private static OIDCTokenResponse success(TokenResponse response) {
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toJSONObject().toString());
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    private static long[] answered() {
        return signup.stream().mapToLong(PackagedDeployment.Instance::answered).toArray();
    }
}
