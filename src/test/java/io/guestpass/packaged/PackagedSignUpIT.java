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
import io.guestpass.fixtures.PasscodeInbox;
import io.guestpass.fixtures.ProviderSignIn;
import io.guestpass.fixtures.RedeemJourney;
import io.guestpass.fixtures.RelyingParty;
import io.guestpass.devmode.StandInOpenIdProvider;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 *
 * <p>Every kind of provider in the packaged functions (issue 11), on the same deployment to spare another one's start: a
 * redeem and a worker instance besides. Nothing is added to what infra/ gives the roles but test-only settings: the
 * loopback one, which here also lets configured providers' stand-ins ({@link StandInOpenIdProvider}) live on loopback over
 * plain http, and Google's discovery document read from its stand-in. The email passcode: the redeem or signup function
 * queues the mail, the worker sends it to the deployment's SMTP server, the code is read there. Google and a generic
 * OpenID Connect provider: created through the invite function's Graph API (client secrets sealed there, opened by the
 * signup and redeem functions) and offered by a user flow; the generic one also in redemption once
 * invitationPolicy.redemptionProviders lists it.
 */
class PackagedSignUpIT {

    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final String PORTAL_REDIRECT_URI = PackagedDeployment.REDIRECT_ORIGIN + "/signin-oidc";
    static final String PARTNERS_REDIRECT_URI = PackagedDeployment.REDIRECT_ORIGIN + "/partners/signin-oidc";
    static final String CONNECTOR_USER = "guestpass";
    static final String CONNECTOR_PASSWORD = "packaged connector password";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PROVIDERS = "/v1.0/identity/identityProviders";
    static final String NORTHWIND_REDIRECT_URI = PackagedDeployment.REDIRECT_ORIGIN + "/northwind/signin-oidc";
    static final String PARTNER_LOGIN_CLIENT_ID = "guestpass-at-partner";
    static final String PARTNER_LOGIN_SECRET = "partner-login-secret-" + UUID.randomUUID();
    static final String GOOGLE_CLIENT_ID = "guestpass-packaged.apps.googleusercontent.com";
    static final String GOOGLE_SECRET = "google-secret-" + UUID.randomUUID();

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
    static PackagedDeployment.Instance invite;
    static GatewayBrowser.Route redeem;
    static PasscodeInbox inbox;
    /** A generic OpenID Connect provider, configured through the API; its id and the application whose flow offers it. */
    static StandInOpenIdProvider partnerLogin;
    static String partnerLoginId;
    /** Google's stand-in: the signup instances read its discovery document instead of accounts.google.com (test-only). */
    static StandInOpenIdProvider google;
    static PackagedDeployment.RegisteredApplication northwind;

    @BeforeAll
    static void deploy() throws Exception {
        TestCertificates tls = TestCertificates.create(Path.of("target", "packaged-connector-tls"));
        google = new StandInOpenIdProvider(GOOGLE_CLIENT_ID, GOOGLE_SECRET).issuer("https://accounts.google.com");
        Map<String, String> loopback = new HashMap<>(PackagedDeployment.loopbackConnectors(tls.caCertificate()));
        loopback.put("guestpass.dev.google-metadata-url", google.metadataUrl());
        deployment = new PackagedDeployment("it-signup");
        assertEquals(200, deployment.migrate().status(), "migration");
        invite = deployment.start("invite", 1, loopback).get(0);
        signup = deployment.start("signup", 2, loopback);
        redeem = deployment.start("redeem", 1, loopback).get(0).route();
        GatewayBrowser.Route worker = deployment.start("worker", 1).get(0).route();
        vertx = Vertx.vertx();
        partner = ConnectorServer.start(vertx, tls).answer(PackagedSignUpIT::answerAsPartner);
        partnerLogin = new StandInOpenIdProvider(PARTNER_LOGIN_CLIENT_ID, PARTNER_LOGIN_SECRET);
        MicrosoftBackEnd.register(deployment.microsoft());
        deployment.awaitReady(START_TIMEOUT);
        instances = signup.stream().map(PackagedDeployment.Instance::route).toList();
        inbox = new PasscodeInbox(deployment.smtp(), worker);

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

        assertEquals(204, deployment.allowRedirectOrigin(invite.api()).status(), "invitation policy");
        GatewayResponse created = admin("POST", PROVIDERS, "{\"@odata.type\":\"#microsoft.graph.openIdConnectIdentityProvider\","
                + "\"displayName\":\"Partner login\",\"clientId\":\"" + PARTNER_LOGIN_CLIENT_ID + "\",\"clientSecret\":\""
                + PARTNER_LOGIN_SECRET + "\",\"metadataUrl\":\"" + partnerLogin.metadataUrl() + "\",\"scope\":\"openid email profile\"}");
        assertEquals(201, created.status(), created::toString);
        partnerLoginId = created.json().path("id").asText();
        northwind = deployment.registerWebApplication(invite.api(), "Northwind Portal", NORTHWIND_REDIRECT_URI);
        String northwindFlow = admin.flow("NorthwindSignUp");
        admin.collect(northwindFlow, "city", "City", false);
        admin.link(northwindFlow, northwind.objectId());
        admin.offer(northwindFlow, partnerLoginId);
        GatewayResponse googleCreated = admin("POST", PROVIDERS, "{\"@odata.type\":\"#microsoft.graph.socialIdentityProvider\","
                + "\"displayName\":\"Google\",\"identityProviderType\":\"Google\",\"clientId\":\"" + GOOGLE_CLIENT_ID
                + "\",\"clientSecret\":\"" + GOOGLE_SECRET + "\"}");
        assertEquals(201, googleCreated.status(), googleCreated::toString);
        admin.offer(northwindFlow, "Google-OAUTH");
        admin.offer(northwindFlow, "EmailOtpSignup-OAUTH");
    }

    @AfterAll
    static void undeploy() {
        if (deployment != null) {
            deployment.close();
        }
        if (partner != null) {
            partner.close();
        }
        if (partnerLogin != null) {
            partnerLogin.close();
        }
        if (google != null) {
            google.close();
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

    /** Redemption with the email passcode: the code the worker mailed, read at the SMTP server, to the application. */
    @Test
    void anInviteeRedeemsWithACodeTheWorkerMailed() {
        String address = "pat.passcode@example.org";
        GatewayResponse invited = deployment.invite(invite.api(), address);
        assertEquals(201, invited.status(), invited::toString);

        new RedeemJourney(redeem, deployment.microsoft()).redeem(invited.json().path("inviteRedeemUrl").asText(),
                ProviderSignIn.passcode(inbox, address));

        String userId = invited.json().path("invitedUser").path("id").asText();
        assertEquals(1, deployment.count("select count(*) from guest_user where id = ?::uuid and external_user_state = 'Accepted'", userId));
        assertEquals(1, deployment.count("select count(*) from sign_in_identity where user_id = ?::uuid and issuer = 'mail' "
                + "and issuer_assigned_id = ?", userId, address));
        assertEquals(1, deployment.count("select count(*) from invitation where id = ?::uuid and status = 'Completed'",
                invited.json().path("id").asText()));
        assertEquals(1, deployment.count("select count(*) from passcode_challenge where address_key = ? and ended_reason = 'used'", address));
        assertEquals(1, inbox.passcodeMailsTo(address).size(), "one code, sent once");
        assertEquals(0, deployment.count("select count(*) from mail_message where kind = 'Passcode' and sealed_content is not null"),
                "the sent mail's content is erased");
    }

    /** Sign-up with the generic provider the administrator configured through the API, to the application's code exchange. */
    @Test
    void aNewPersonSignsUpWithAConfiguredOpenIdConnectProvider() throws Exception {
        String address = "ada.partner@partner.example";
        StandInOpenIdProvider.Account account = new StandInOpenIdProvider.Account("partner-subject-ada", address, true, "Ada Partner");
        String userId = signUpAtNorthwind(ProviderSignIn.openIdConnect(partnerLoginTenant(), partnerLogin, account), address);
        assertEquals(1, deployment.count("select count(*) from sign_in_identity where user_id = ?::uuid and issuer = ? "
                + "and issuer_assigned_id = ?", userId, partnerLogin.base(), account.subject()));
        assertClientSecretOnlySealed(partnerLoginId, PARTNER_LOGIN_SECRET);
    }

    /** Google, configured through the API as Graph's socialIdentityProvider (its stand-in's issuer is Google's). */
    @Test
    void aNewPersonSignsUpWithGoogle() throws Exception {
        String address = "gus.google@gmail.com";
        StandInOpenIdProvider.Account account = new StandInOpenIdProvider.Account("1170000000000000042", address, true, "Gus");
        String userId = signUpAtNorthwind(ProviderSignIn.openIdConnect("google", google, account), address);
        assertEquals(1, deployment.count("select count(*) from sign_in_identity where user_id = ?::uuid and issuer = 'google.com' "
                + "and issuer_assigned_id = ?", userId, account.subject()));
        assertClientSecretOnlySealed("Google-OAUTH", GOOGLE_SECRET);
    }

    /** The email passcode on the signup function: the address typed, the code the worker mailed to it. */
    @Test
    void aNewPersonSignsUpWithACodeTheWorkerMailed() throws Exception {
        String address = "cas.code@example.org";
        String userId = signUpAtNorthwind(ProviderSignIn.passcode(inbox, address), address);
        assertEquals(1, deployment.count("select count(*) from sign_in_identity where user_id = ?::uuid and issuer = 'mail' "
                + "and issuer_assigned_id = ?", userId, address));
        assertEquals(1, deployment.count("select count(*) from passcode_challenge where address_key = ? and ended_reason = 'used'", address));
    }

    /**
     * A sign-up for the Northwind portal with this provider, the requests alternating between the signup instances, to the
     * application's code exchange and its ID token for the proven address; the new guest's id.
     */
    private static String signUpAtNorthwind(ProviderSignIn provider, String address) throws Exception {
        RelyingParty app = new RelyingParty(RelyingParty.discover(instances.get(0), deployment.directoryId()), northwind,
                NORTHWIND_REDIRECT_URI);
        RelyingParty.SignIn signIn = app.signIn();
        AppSignUpJourney tab = new AppSignUpJourney(GatewayBrowser.alternating(instances), deployment.microsoft());

        GatewayResponse form = tab.toAttributes(AppSignUpJourney.create(signIn.request()), provider);
        assertTrue(form.body().contains("You are signing up as " + address), form::toString);
        GatewayResponse atApp = tab.tab().expect(tab.submit(form, Map.of("city", "Leiden")), 303, null);
        IDTokenClaimsSet id = app.validate(success(app.exchange(instances.get(1), codeAt(app, signIn, atApp))).getOIDCTokens().getIDToken(),
                app.keys(instances.get(0)), signIn.nonce());
        assertEquals(address, id.getStringClaim("email"));

        String userId = deployment.text("select id::text from guest_user where mail = ?", address);
        assertEquals(userId, id.getStringClaim("oid"));
        assertEquals("SelfServiceSignUp", deployment.text("select creation_type from guest_user where id = ?::uuid", userId));
        return userId;
    }

    /** The same provider in redemption, once invitationPolicy.redemptionProviders lists it (not before). */
    @Test
    void anInviteeRedeemsWithTheConfiguredProviderOnceThePolicyListsIt() {
        String address = "bo.partner@partner.example";
        String url = deployment.invite(invite.api(), address).json().path("inviteRedeemUrl").asText();
        GatewayBrowser before = new GatewayBrowser(redeem);
        GatewayResponse start = before.expect(before.follow(before.open(url), 303, "/redeem/start"), 200, null);
        assertFalse(start.body().contains("/redeem/signin/" + partnerLoginTenant()), "not offered before the policy lists it");

        GatewayResponse policy = admin("PATCH", "/v1.0/policies/invitationPolicy",
                "{\"redemptionProviders\":[\"MSASignup-OAUTH\",\"EmailOtpSignup-OAUTH\",\"" + partnerLoginId + "\"]}");
        assertEquals(204, policy.status(), policy::toString);
        StandInOpenIdProvider.Account account = new StandInOpenIdProvider.Account("partner-subject-bo", address, true, "Bo Partner");
        new RedeemJourney(redeem, deployment.microsoft()).redeem(url, ProviderSignIn.openIdConnect(partnerLoginTenant(), partnerLogin, account));

        assertEquals(1, deployment.count("select count(*) from guest_user g join sign_in_identity i on i.user_id = g.id "
                + "where g.mail = ? and g.external_user_state = 'Accepted' and i.issuer = ? and i.issuer_assigned_id = ?",
                address, partnerLogin.base(), account.subject()));
        assertClientSecretOnlySealed(partnerLoginId, PARTNER_LOGIN_SECRET);
    }

    /** The client secret the administrator gave is only sealed in the database: not in its row, nor in any audit event. */
    private static void assertClientSecretOnlySealed(String providerId, String secret) {
        assertTrue(deployment.text("select sealed_client_secret from configured_identity_provider where id = ?", providerId)
                .length() > secret.length());
        assertEquals(0, deployment.count("select count(*) from configured_identity_provider p where p::text like ?", "%" + secret + "%"));
        assertEquals(0, deployment.count("select count(*) from audit_event e where e::text like ?", "%" + secret + "%"));
    }

    /** The configured provider's path segment: its id, lower-cased. */
    private static String partnerLoginTenant() {
        return partnerLoginId.toLowerCase(Locale.ROOT);
    }

    private static GatewayResponse admin(String method, String path, String json) {
        return invite.route().send(ApiGatewayEvents.request(method, path).bearer(deployment.adminToken()).json(json));
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
