package io.guestpass.oidc;

import com.microsoft.aad.msal4j.AbstractClientApplicationBase;
import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.AuthorizationRequestUrlParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.RefreshTokenParameters;
import com.microsoft.aad.msal4j.SilentParameters;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.Directory;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.fixtures.MsalLoopback;
import io.guestpass.redeem.Invitations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * MSAL for Java as the application, unchanged but for its authority (instance discovery off, as for any authority that
 * is not Microsoft's): MSAL builds the authorization request, HtmlUnit plays the browser through the Microsoft stand-in
 * back to the redirect URI, MSAL redeems the code, keeps the account (home id from client_info) and its refresh token in
 * its cache, and refreshes silently from there. With only MSAL's own scopes (openid profile offline_access): an app
 * that calls no API.
 */
@QuarkusTest
@TestProfile(SignUpRole.class)
@QuarkusTestResource(GuestpassTestResources.class)
class MsalSignInTest {

    static final String AUTHORITY = GuestpassTestResources.PUBLIC_BASE_URL + "/" + AppSignIn.TENANT + "/";
    static final String NATIVE = Browser.APPLICATION_ORIGIN + "/native";
    static final Set<String> NO_API = Set.of("openid", "profile", "offline_access");
    static final String VERIFIER = ProviderRulesTest.VERIFIER;
    static final String CHALLENGE = ProviderRulesTest.CHALLENGE;

    @Inject
    Applications applications;

    @Inject
    Invitations invitations;

    @BeforeEach
    void emptyDirectory() {
        Directory.reset();
    }

    @Test
    void aConfidentialWebAppSignsInWithMsalAndRefreshesSilentlyFromItsCache() throws Exception {
        Applications.Registered app = applications.web("MSAL web", AppSignIn.CALLBACK);
        ConfidentialClientApplication msal = ConfidentialClientApplication
                .builder(app.clientId(), ClientCredentialFactory.createFromSecret(app.secret()))
                .authority(AUTHORITY).instanceDiscovery(false).httpClient(MsalLoopback.inProcess()).build();
        String email = "msal-web-" + UUID.randomUUID() + "@outlook.com";
        String userId = invitations.invite(email, "en-US").user().id.toString();

        String code = code(msal.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters.builder(AppSignIn.CALLBACK, NO_API)
                .state("msal-state").nonce("msal-nonce").build()), AppSignIn.CALLBACK, email);
        IAuthenticationResult signedIn = msal.acquireToken(AuthorizationCodeParameters.builder(code, URI.create(AppSignIn.CALLBACK))
                .scopes(NO_API).build()).get();
        assertSignedIn(signedIn, userId, email);

        String spent = refreshTokenIn(msal);
        IAuthenticationResult refreshed = msal.acquireTokenSilently(SilentParameters.builder(NO_API, signedIn.account())
                .forceRefresh(true).build()).get();
        assertRotated(msal, signedIn, refreshed, spent);
        // the spent token is refused (a web app's family survives: its tokens only work with its secret)
        ExecutionException replay = assertThrows(ExecutionException.class,
                () -> msal.acquireToken(RefreshTokenParameters.builder(NO_API, spent).build()).get());
        assertEquals("invalid_grant", assertInstanceOf(MsalServiceException.class, replay.getCause()).errorCode());
        assertNotNull(msal.acquireTokenSilently(SilentParameters.builder(NO_API, signedIn.account()).forceRefresh(true).build()).get());
    }

    @Test
    void aPublicClientSignsInWithMsalAndPkceAndRefreshesSilentlyFromItsCache() throws Exception {
        Applications.Registered app = applications.publicClient("MSAL desktop", NATIVE);
        PublicClientApplication msal = PublicClientApplication.builder(app.clientId())
                .authority(AUTHORITY).instanceDiscovery(false).httpClient(MsalLoopback.inProcess()).build();
        String email = "msal-public-" + UUID.randomUUID() + "@outlook.com";
        String userId = invitations.invite(email, "en-US").user().id.toString();

        String code = code(msal.getAuthorizationRequestUrl(AuthorizationRequestUrlParameters.builder(NATIVE, NO_API)
                .codeChallenge(CHALLENGE).codeChallengeMethod("S256").state("msal-state").build()), NATIVE, email);
        IAuthenticationResult signedIn = msal.acquireToken(AuthorizationCodeParameters.builder(code, URI.create(NATIVE))
                .scopes(NO_API).codeVerifier(VERIFIER).build()).get();
        assertSignedIn(signedIn, userId, email);

        String spent = refreshTokenIn(msal);
        IAuthenticationResult refreshed = msal.acquireTokenSilently(SilentParameters.builder(NO_API, signedIn.account())
                .forceRefresh(true).build()).get();
        assertRotated(msal, signedIn, refreshed, spent);
    }

    /**
     * The browser follows MSAL's authorization URL, signs in at the stand-in and accepts; MSAL for Java always asks for
     * response_mode=form_post (its builder's responseMode does not override that), so the code is in the form the
     * browser posts to the redirect URI: what it would post, read from the page.
     */
    private static String code(URL authorizationUrl, String redirectUri, String email) throws Exception {
        try (Browser browser = new Browser("en")) {
            HtmlPage consent = AppSignIn.signIn(browser, authorizationUrl.toURI(), email);
            HtmlPage formPost = (HtmlPage) AppSignIn.press(consent, "Accept and continue");
            HtmlForm post = formPost.getForms().get(0);
            assertEquals(redirectUri, post.getActionAttribute(), formPost::asNormalizedText);
            Map<String, String> posted = post.getElementsByTagName("input").stream().map(HtmlInput.class::cast)
                    .collect(Collectors.toMap(HtmlInput::getNameAttribute, HtmlInput::getValueAttribute));
            assertEquals("msal-state", posted.get("state"), posted::toString);
            return posted.get("code");
        }
    }

    private static void assertSignedIn(IAuthenticationResult result, String userId, String email) {
        assertNotNull(result.accessToken());
        assertNotNull(result.idToken());
        assertEquals(userId + "." + AppSignIn.TENANT, result.account().homeAccountId(), "built from client_info");
        assertEquals(email, result.account().username());
    }

    private static void assertRotated(AbstractClientApplicationBase msal, IAuthenticationResult before, IAuthenticationResult after,
            String spent) throws Exception {
        assertNotEquals(before.accessToken(), after.accessToken(), "a new access token, from the refresh token");
        assertEquals(before.account().homeAccountId(), after.account().homeAccountId());
        String current = refreshTokenIn(msal);
        assertNotEquals(spent, current, "MSAL keeps the rotated refresh token");
        assertEquals(1, Directory.count("select count(*) from refresh_token where token_hash = sha256(convert_to(?, 'UTF8')) "
                + "and used_at is not null", spent), "the old refresh token is spent");
        assertEquals(1, Directory.count("select count(*) from refresh_token where token_hash = sha256(convert_to(?, 'UTF8')) "
                + "and used_at is null and revoked_at is null", current));
    }

    /** The one refresh token in MSAL's cache (its serialized form is the cache format every MSAL shares). */
    private static String refreshTokenIn(AbstractClientApplicationBase msal) {
        Map<String, Map<String, Object>> tokens = JsonPath.from(msal.tokenCache().serialize()).getMap("RefreshToken");
        assertEquals(1, tokens.size(), tokens.keySet().toString());
        return String.valueOf(tokens.values().iterator().next().get("secret"));
    }
}
