package io.guestpass.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.redeem.Invitations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole dance with real parts: discovery → authorize → Microsoft account (the local stand-in) → code → token → ID token
 * verified against the JWKS → userinfo, for a confidential web app and for a single-page app (fragment, PKCE).
 */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class AuthorizationCodeFlowTest {

    @Inject
    Applications applications;

    @Inject
    Invitations invitations;

    @org.junit.jupiter.api.BeforeEach
    void emptyDirectory() {
        io.guestpass.fixtures.Directory.reset();
    }

    @Test
    void discoveryNamesTheIssuerOfEveryTokenAndOnlyWhatIsSupported() {
        given().get(AppSignIn.local(URI.create(AppSignIn.BASE + "/v2.0/.well-known/openid-configuration")))
                .then().statusCode(200)
                .body("issuer", equalTo(AppSignIn.ISSUER))
                .body("authorization_endpoint", equalTo(AppSignIn.AUTHORIZE.toString()))
                .body("token_endpoint", equalTo(AppSignIn.TOKEN.toString()))
                .body("jwks_uri", equalTo(AppSignIn.KEYS.toString()))
                .body("response_types_supported", equalTo(java.util.List.of("code")))
                .body("code_challenge_methods_supported", equalTo(java.util.List.of("S256")))
                .body("id_token_signing_alg_values_supported", equalTo(java.util.List.of("RS256")));
        // the directory's domain names the same tenant; nothing else does
        given().get("/contoso.test/v2.0/.well-known/openid-configuration").then().statusCode(200).body("issuer", equalTo(AppSignIn.ISSUER));
        for (String other : new String[] {"common", "organizations", "consumers", UUID.randomUUID().toString()}) {
            given().get("/" + other + "/v2.0/.well-known/openid-configuration").then().statusCode(400);
        }
    }

    @Test
    void aConfidentialWebAppSignsInAnInvitedPersonWhoAcceptsInlineAndAgainWithoutConsent() throws Exception {
        Applications.Registered app = applications.web("Contoso Portal", AppSignIn.CALLBACK);
        String email = "web-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        try (Browser browser = new Browser("en"); Browser other = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            URI request = flow.request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI();
            HtmlPage consent = AppSignIn.signIn(browser, request, email);
            assertTrue(consent.asNormalizedText().contains("Accept the invitation from Contoso"), consent.asNormalizedText());
            // Accept answers with a redirect to the application: the page's form-action must allow its origin
            assertTrue(consent.getWebResponse().getResponseHeaderValue("Content-Security-Policy")
                    .contains("form-action 'self' https://app.contoso.test;"));
            Page atApp = AppSignIn.press(consent, "Accept and continue");
            Map<String, String> received = AppSignIn.received(atApp);
            assertEquals(flow.state.getValue(), received.get("state"));
            OIDCTokenResponse tokens = success(flow.exchange(received.get("code"), app.clientId(), app.secret(), AppSignIn.CALLBACK, false));
            JWTClaimsSet id = verified(tokens.getOIDCTokens().getIDToken(), app.clientId(), flow);
            assertEquals(email, id.getStringClaim("email"));
            assertEquals("live.com", id.getStringClaim("idp"));
            assertEquals(AppSignIn.TENANT, id.getStringClaim("tid"));
            assertEquals("2.0", id.getStringClaim("ver"));
            assertNotNull(id.getStringClaim("oid"));
            UserInfoResponse info = UserInfoResponse.parse(new UserInfoRequest(AppSignIn.local(AppSignIn.USERINFO),
                    (BearerAccessToken) tokens.getOIDCTokens().getAccessToken()).toHTTPRequest().send());
            assertTrue(info.indicatesSuccess());
            assertEquals(id.getSubject(), info.toSuccessResponse().getUserInfo().getSubject().getValue());
            assertEquals(email, info.toSuccessResponse().getUserInfo().getEmailAddress());

            // the guest is accepted now: the next sign-in (another browser, without Guestpass's session) goes straight back
            // to the application after Microsoft
            AppSignIn again = AppSignIn.start();
            HtmlPage providers = other.client().getPage(again.request(app.clientId(), AppSignIn.CALLBACK, false).build().toURI().toURL());
            GuestpassTestResources.microsoft().signInNextAs(io.guestpass.devmode.LocalMicrosoftAccount.Account.of(email));
            Page direct = providers.getAnchorByText("Sign in with Microsoft account").click();
            Map<String, String> second = AppSignIn.received(direct);
            assertEquals(again.state.getValue(), second.get("state"), direct.getUrl().toString());
            JWTClaimsSet secondId = verified(success(again.exchange(second.get("code"), app.clientId(), app.secret(), AppSignIn.CALLBACK,
                    false)).getOIDCTokens().getIDToken(), app.clientId(), again);
            assertEquals(id.getSubject(), secondId.getSubject(), "one guest, one subject per application");
        }
    }

    @Test
    void aSinglePageAppGetsItsCodeInTheFragmentAndMustProveItsPkceVerifier() throws Exception {
        Applications.Registered spa = applications.spa("Contoso SPA", Browser.APPLICATION_ORIGIN + "/spa");
        String email = "spa-" + UUID.randomUUID() + "@outlook.com";
        invitations.invite(email, "en-US");
        try (Browser browser = new Browser("en")) {
            AppSignIn flow = AppSignIn.start();
            URI request = flow.request(spa.clientId(), Browser.APPLICATION_ORIGIN + "/spa", true)
                    .responseMode(AppSignIn.mode("fragment")).build().toURI();
            Page atApp = AppSignIn.press(AppSignIn.signIn(browser, request, email), "Accept and continue");
            assertNull(URI.create(atApp.getUrl().toString()).getRawQuery(), "nothing in the query: " + atApp.getUrl());
            Map<String, String> received = AppSignIn.received(atApp);
            OIDCTokenResponse tokens = success(flow.exchange(received.get("code"), spa.clientId(), null, Browser.APPLICATION_ORIGIN + "/spa", true));
            JWTClaimsSet id = verified(tokens.getOIDCTokens().getIDToken(), spa.clientId(), flow);
            assertEquals(email, id.getStringClaim("preferred_username"));
        }
    }

    private static OIDCTokenResponse success(TokenResponse response) {
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toJSONObject().toString());
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    /** The ID token as an application checks it: signature against the published keys, issuer, audience, expiry, nonce. */
    static JWTClaimsSet verified(JWT idToken, String clientId, AppSignIn flow) throws Exception {
        IDTokenValidator validator = new IDTokenValidator(new Issuer(AppSignIn.ISSUER), new ClientID(clientId), JWSAlgorithm.RS256,
                AppSignIn.local(AppSignIn.KEYS).toURL());
        return validator.validate(idToken, flow.nonce).toJWTClaimsSet();
    }
}
