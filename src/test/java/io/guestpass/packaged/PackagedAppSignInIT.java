package io.guestpass.packaged;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.ApiGatewayEvents;
import io.guestpass.fixtures.AppSignInJourney;
import io.guestpass.fixtures.GatewayBrowser;
import io.guestpass.fixtures.GatewayResponse;
import io.guestpass.fixtures.PackagedDeployment;
import io.guestpass.fixtures.RelyingParty;
import io.guestpass.fixtures.Simultaneously;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenID Connect provider as AWS runs it (issue 8): two packaged signup instances, each behind its own Runtime API so
 * the test chooses which one answers, started with exactly what infra/roles.json gives the role, sharing one PostgreSQL
 * (migrated by the migrate function, which creates the first signing key) and the local Microsoft account stand-in. The
 * application and the invitations are made through a packaged invite instance, as an administrator makes them.
 *
 * <p>One whole sign-in of an invited person whose requests alternate between the instances, and races of one code
 * exchanged at the same moment on both instances (real parallelism, stack-facts.md item 10); a refresh token used on
 * the instance that did not issue it, and refreshed on both at once.
 */
class PackagedAppSignInIT {

    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final String REDIRECT_URI = PackagedDeployment.REDIRECT_ORIGIN + "/signin-oidc";
    static final int RACES = 5;

    static PackagedDeployment deployment;
    static PackagedDeployment.Instance invite;
    static List<PackagedDeployment.Instance> signup;
    static List<GatewayBrowser.Route> instances;
    static PackagedDeployment.RegisteredApplication portal;

    @BeforeAll
    static void deploy() {
        deployment = new PackagedDeployment("it-signin");
        assertEquals(200, deployment.migrate().status(), "migration");
        invite = deployment.start("invite", 1).get(0);
        signup = deployment.start("signup", 2);
        deployment.awaitReady(START_TIMEOUT);
        GatewayResponse policy = deployment.allowRedirectOrigin(invite.api());
        assertEquals(204, policy.status(), policy::toString);
        instances = signup.stream().map(PackagedDeployment.Instance::route).toList();
        portal = deployment.registerWebApplication(invite.api(), "Contoso Portal", REDIRECT_URI);
    }

    @AfterAll
    static void undeploy() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void everyInstancePublishesTheSameIssuerEndpointsAndTheMigratedKey() throws Exception {
        String base = PackagedDeployment.PUBLIC_BASE_URL + "/" + deployment.directoryId();
        String currentKid = deployment.text("select kid from signing_key where status = 'current'");
        for (GatewayBrowser.Route instance : instances) {
            OIDCProviderMetadata provider = RelyingParty.discover(instance, deployment.directoryId());
            assertEquals(base + "/v2.0", provider.getIssuer().getValue());
            assertEquals(URI.create(base + "/oauth2/v2.0/authorize"), provider.getAuthorizationEndpointURI());
            assertEquals(URI.create(base + "/oauth2/v2.0/token"), provider.getTokenEndpointURI());
            assertEquals(URI.create(base + "/openid/v2.0/userinfo"), provider.getUserInfoEndpointURI());
            assertEquals(URI.create(base + "/discovery/v2.0/keys"), provider.getJWKSetURI());
            JWKSet keys = new RelyingParty(provider, portal, REDIRECT_URI).keys(instance);
            assertNotNull(keys.getKeyByKeyId(currentKid), keys::toString);
            assertTrue(keys.getKeys().stream().noneMatch(k -> k.isPrivate()), "only public keys are published");
        }
    }

    @Test
    void anInvitedPersonSignsInToARegisteredAppAcceptingTheInvitationOnTheWay() throws Exception {
        String address = "Portal.Pat@Outlook.com";
        GatewayResponse invited = invited(address);
        LocalMicrosoftAccount.Account account = LocalMicrosoftAccount.Account.of(address);
        long[] before = answered();

        RelyingParty app = new RelyingParty(RelyingParty.discover(instances.get(0), deployment.directoryId()), portal, REDIRECT_URI);
        RelyingParty.SignIn signIn = app.signIn();
        AppSignInJourney tab = new AppSignInJourney(GatewayBrowser.alternating(instances), deployment.microsoft());
        GatewayResponse consent = tab.signIn(signIn.request(), account);
        assertTrue(consent.body().contains("Accept the invitation from Contoso"), consent::toString);
        GatewayResponse atApp = tab.tab().expect(tab.accept(consent), 303, null);

        AuthorizationCode code = codeAt(app, signIn, atApp);
        OIDCTokenResponse tokens = success(app.exchange(instances.get(0), code));

        // the signature checked against the key set the other instance serves
        SignedJWT idToken = (SignedJWT) tokens.getOIDCTokens().getIDToken();
        IDTokenClaimsSet id = app.validate(idToken, app.keys(instances.get(1)), signIn.nonce());
        JWSHeader header = idToken.getHeader();
        assertEquals(deployment.text("select kid from signing_key where status = 'current'"), header.getKeyID());
        assertEquals(address, id.getStringClaim("email"));
        assertEquals(deployment.directoryId(), id.getStringClaim("tid"));
        assertEquals("live.com", id.getStringClaim("idp"));
        String userId = invited.json().path("invitedUser").path("id").asText();
        assertEquals(userId, id.getStringClaim("oid"));

        UserInfoResponse info = app.userinfo(instances.get(1), tokens.getOIDCTokens().getBearerAccessToken());
        assertTrue(info.indicatesSuccess(), () -> info.toErrorResponse().getErrorObject().toJSONObject().toString());
        assertEquals(id.getSubject(), info.toSuccessResponse().getUserInfo().getSubject());
        assertEquals(address, info.toSuccessResponse().getUserInfo().getEmailAddress());

        // Guestpass's SSO session, made by whichever instance accepted, signs the guest in silently on both (prompt=none;
        // the tab alternates): the authorization request itself answers with the code (no provider page, no Microsoft), and
        // the ID token carries the session's sid and auth_time
        for (int i = 0; i < 2; i++) {
            RelyingParty.SignIn silent = app.signIn();
            GatewayResponse answer = tab.tab().expect(tab.tab().open(silent.request() + "&prompt=none"), 303, null);
            IDTokenClaimsSet again = app.validate(success(app.exchange(instances.get(i), codeAt(app, silent, answer)))
                    .getOIDCTokens().getIDToken(), app.keys(instances.get(i)), silent.nonce());
            assertEquals(id.getStringClaim("sid"), again.getStringClaim("sid"));
            assertEquals(id.getAuthenticationTime(), again.getAuthenticationTime());
        }

        long[] after = answered();
        for (int i = 0; i < after.length; i++) {
            assertTrue(after[i] - before[i] >= 2, signup.get(i).name() + " served too little: " + tab.tab().trace());
        }
        assertEquals(1, deployment.count("select count(*) from guest_user where id = ?::uuid and external_user_state = 'Accepted'", userId));
        assertEquals(1, deployment.count("select count(*) from invitation where id = ?::uuid and status = 'Completed'",
                invited.json().path("id").asText()));
        assertEquals(1, deployment.count("select count(*) from sign_in_identity where user_id = ?::uuid and issuer = 'MicrosoftAccount' "
                + "and issuer_assigned_id = ?", userId, account.oid()));
        assertEquals(1, deployment.count("select count(*) from consent_record where user_id = ?::uuid", userId));
        assertEquals(1, deployment.count("select count(*) from authorization_code where code_hash = sha256(convert_to(?, 'UTF8')) "
                + "and redeemed_at is not null and revoked_at is null", code.getValue()));
        assertFalse(tab.tab().cookies().names().stream().anyMatch(n -> n.startsWith("q_session") || n.startsWith("q_auth")),
                () -> "provider cookies left behind: " + tab.tab().cookies().names());
    }

    /**
     * A code intercepted and replayed while the application exchanges it: sent to both instances at the same moment,
     * exactly one exchange gets tokens and the other {@code invalid_grant}; the replay then revokes what the first one got.
     */
    @Test
    void oneCodeExchangedOnTwoInstancesAtTheSameMomentGivesTokensOnce() throws Exception {
        String address = "race.twin@outlook.com";
        invited(address);
        LocalMicrosoftAccount.Account account = LocalMicrosoftAccount.Account.of(address);
        RelyingParty app = new RelyingParty(RelyingParty.discover(instances.get(1), deployment.directoryId()), portal, REDIRECT_URI);

        for (int race = 1; race <= RACES; race++) {
            RelyingParty.SignIn signIn = app.signIn();
            AppSignInJourney tab = new AppSignInJourney(GatewayBrowser.alternating(instances), deployment.microsoft());
            GatewayResponse signedIn = tab.signIn(signIn.request(), account);
            // the first time through the invitation; afterwards the accepted guest goes straight back to the application
            GatewayResponse atApp = tab.tab().expect(race == 1 ? tab.accept(signedIn) : signedIn, 303, null);
            AuthorizationCode code = codeAt(app, signIn, atApp);
            long[] before = answered();

            List<TokenResponse> answers = Simultaneously.call(List.of(() -> app.exchange(instances.get(0), code),
                    () -> app.exchange(instances.get(1), code)));

            String context = describe(race, answers);
            long[] after = answered();
            assertEquals(1, after[0] - before[0], context);
            assertEquals(1, after[1] - before[1], context);
            List<OIDCTokenResponse> tokens = answers.stream().filter(TokenResponse::indicatesSuccess)
                    .map(a -> (OIDCTokenResponse) a.toSuccessResponse()).toList();
            assertEquals(1, tokens.size(), context);
            assertEquals(1, answers.stream().filter(a -> !a.indicatesSuccess()).map(a -> a.toErrorResponse().getErrorObject())
                    .filter(e -> e.getCode().equals("invalid_grant") && e.getHTTPStatusCode() == 400).count(), context);
            assertEquals(1, deployment.count("select count(*) from authorization_code where code_hash = sha256(convert_to(?, 'UTF8')) "
                    + "and redeemed_at is not null and revoked_at is not null", code.getValue()), context);

            BearerAccessToken winners = tokens.get(0).getOIDCTokens().getBearerAccessToken();
            for (GatewayBrowser.Route instance : instances) {
                UserInfoResponse info = app.userinfo(instance, winners);
                assertFalse(info.indicatesSuccess(), context + ": the replay did not revoke the access token");
                assertEquals(401, info.toErrorResponse().getErrorObject().getHTTPStatusCode(), context);
            }
        }
    }

    /**
     * A refresh token issued by one instance works on the other (nothing of it lives in an instance), rotates there, and
     * two refreshes of one token on both instances at the same moment give tokens once: the conditional update in the
     * shared database decides, whichever instance asks.
     */
    @Test
    void aRefreshTokenIssuedOnOneInstanceRefreshesOnTheOtherAndRacesHaveOneWinner() throws Exception {
        String address = "refresh.rae@outlook.com";
        invited(address);
        LocalMicrosoftAccount.Account account = LocalMicrosoftAccount.Account.of(address);
        RelyingParty app = new RelyingParty(RelyingParty.discover(instances.get(0), deployment.directoryId()), portal, REDIRECT_URI);
        RelyingParty.SignIn signIn = app.signIn("openid", "profile", "offline_access");
        AppSignInJourney tab = new AppSignInJourney(GatewayBrowser.alternating(instances), deployment.microsoft());
        GatewayResponse atApp = tab.tab().expect(tab.accept(tab.signIn(signIn.request(), account)), 303, null);
        OIDCTokenResponse issued = success(app.exchange(instances.get(0), codeAt(app, signIn, atApp)));
        RefreshToken first = issued.getOIDCTokens().getRefreshToken();
        assertNotNull(first, "offline_access gives a refresh token");

        OIDCTokenResponse refreshed = success(app.refresh(instances.get(1), first));
        RefreshToken second = refreshed.getOIDCTokens().getRefreshToken();
        assertNotEquals(first, second);
        IDTokenClaimsSet id = app.validate(refreshed.getOIDCTokens().getIDToken(), app.keys(instances.get(0)), null);
        assertEquals(address, id.getStringClaim("preferred_username"));
        assertTrue(app.userinfo(instances.get(0), refreshed.getOIDCTokens().getBearerAccessToken()).indicatesSuccess());
        TokenResponse spent = app.refresh(instances.get(0), first);
        assertEquals("invalid_grant", spent.toErrorResponse().getErrorObject().getCode());

        RefreshToken current = second;
        for (int race = 1; race <= RACES; race++) {
            RefreshToken token = current;
            List<TokenResponse> answers = Simultaneously.call(List.of(() -> app.refresh(instances.get(0), token),
                    () -> app.refresh(instances.get(1), token)));
            String context = describe(race, answers);
            List<OIDCTokenResponse> winners = answers.stream().filter(TokenResponse::indicatesSuccess)
                    .map(a -> (OIDCTokenResponse) a.toSuccessResponse()).toList();
            assertEquals(1, winners.size(), context);
            assertEquals("invalid_grant", answers.stream().filter(a -> !a.indicatesSuccess()).findFirst().orElseThrow()
                    .toErrorResponse().getErrorObject().getCode(), context);
            current = winners.get(0).getOIDCTokens().getRefreshToken();
        }
        assertEquals(1, deployment.count("select count(*) from refresh_token where token_hash = sha256(convert_to(?, 'UTF8')) "
                + "and used_at is null and revoked_at is null", current.getValue()));
    }

    /**
     * Client credentials across functions: the signup instance issues an application token for the administration API, and
     * the invite instance accepts it, verified with the keys in the shared database. The invite instance cannot reach the
     * public origin ({@code id.contoso.test} does not resolve here), so it never fetched Guestpass's own key set.
     */
    @Test
    void aClientCredentialsTokenFromTheSignupFunctionIsAcceptedByTheInviteFunction() {
        String globalAdministrator = deployment.openId().accessToken(Map.of("sub", "ga-packaged", "azp", "admin-portal",
                "scp", "Application.ReadWrite.All", "directoryRoles", List.of("Global Administrator")));
        GatewayBrowser.Route admin = GatewayBrowser.via(invite.api());
        GatewayResponse granted = admin.send(ApiGatewayEvents.request("PATCH", "/v1.0/applications/" + portal.objectId())
                .bearer(globalAdministrator).json("{\"grantedPermissions\":[\"User.Invite.All\"]}"));
        assertEquals(204, granted.status(), granted::toString);

        String basic = Base64.getEncoder().encodeToString((portal.clientId() + ":" + portal.secret())
                .getBytes(StandardCharsets.UTF_8));
        GatewayResponse tokens = instances.get(1).send(ApiGatewayEvents
                .post("/" + deployment.directoryId() + "/oauth2/v2.0/token").header("Authorization", "Basic " + basic)
                .form("grant_type=client_credentials&scope=" + URLEncoder.encode(PackagedDeployment.AUDIENCE + "/.default",
                        StandardCharsets.UTF_8)));
        assertEquals(200, tokens.status(), tokens::toString);
        String accessToken = tokens.json().path("access_token").asText();

        GatewayResponse invited = admin.send(ApiGatewayEvents.post("/v1.0/invitations").bearer(accessToken)
                .json("{\"invitedUserEmailAddress\":\"daemon.invited@outlook.com\",\"inviteRedirectUrl\":\""
                        + PackagedDeployment.REDIRECT_ORIGIN + "/welcome\"}"));
        assertEquals(201, invited.status(), invited::toString);
        assertEquals(1, deployment.count("select count(*) from audit_event where action = 'invitation.created' and actor_subject = ? "
                + "and actor_client = ? and actor_type = 'application'", portal.objectId(), portal.clientId()));
    }

    /** A pending invitation of {@code address}, made through the invite instance. */
    private static GatewayResponse invited(String address) {
        GatewayResponse invited = deployment.invite(invite.api(), address);
        assertEquals(201, invited.status(), invited::toString);
        return invited;
    }

    /** The code the application received at its redirect URI, for this request (its state checked). */
    private static AuthorizationCode codeAt(RelyingParty app, RelyingParty.SignIn signIn, GatewayResponse atApp) throws Exception {
        AuthenticationResponse received = app.received(atApp);
        assertTrue(received.indicatesSuccess(), atApp::toString);
        assertEquals(signIn.state(), received.getState());
        return received.toSuccessResponse().getAuthorizationCode();
    }

    /** What each side of a race got, for assertion messages. */
    private static String describe(int race, List<TokenResponse> answers) {
        return "race " + race + ": " + answers.stream().map(a -> a.indicatesSuccess() ? "tokens"
                : a.toErrorResponse().getErrorObject().toJSONObject().toString()).toList();
    }

    private static OIDCTokenResponse success(TokenResponse response) {
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toJSONObject().toString());
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    static long[] answered() {
        return signup.stream().mapToLong(PackagedDeployment.Instance::answered).toArray();
    }
}
