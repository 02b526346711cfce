package io.guestpass.oidc;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.GuestpassTestResources;
import io.restassured.RestAssured;
import org.htmlunit.Page;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One application's sign-in as it really happens: the Nimbus OAuth 2.0 SDK builds the application's requests, HtmlUnit is
 * the person's browser, the local Microsoft-account stand-in is the identity provider. Endpoints are the public ones
 * (https://id.contoso.test); the browser and {@link #local(URI)} reach them through the Lambda event path on loopback.
 */
public final class AppSignIn {

    public static final String TENANT = "00000000-0000-0000-0000-0000000007e5";
    public static final String BASE = GuestpassTestResources.PUBLIC_BASE_URL + "/" + TENANT;
    public static final URI AUTHORIZE = URI.create(BASE + "/oauth2/v2.0/authorize");
    public static final URI TOKEN = URI.create(BASE + "/oauth2/v2.0/token");
    public static final URI USERINFO = URI.create(BASE + "/openid/v2.0/userinfo");
    public static final URI KEYS = URI.create(BASE + "/discovery/v2.0/keys");
    public static final String ISSUER = BASE + "/v2.0";
    public static final String CALLBACK = Browser.APPLICATION_ORIGIN + "/callback";

    public final State state = new State();
    public final Nonce nonce = new Nonce();
    public final CodeVerifier verifier = new CodeVerifier();

    private AppSignIn() {
    }

    public static AppSignIn start() {
        return new AppSignIn();
    }

    public AuthenticationRequest.Builder request(String clientId, String redirectUri, boolean pkce) {
        AuthenticationRequest.Builder builder = new AuthenticationRequest.Builder(new ResponseType("code"),
                new Scope("openid", "profile", "email"), new ClientID(clientId), URI.create(redirectUri))
                .endpointURI(AUTHORIZE).state(state).nonce(nonce);
        return pkce ? builder.codeChallenge(verifier, CodeChallengeMethod.S256) : builder;
    }

    /** The browser opens the authorization request and signs in at Microsoft as {@code email}: the page after that. */
    public static HtmlPage signIn(Browser browser, URI authorizationRequest, String email) throws IOException {
        HtmlPage providers = browser.client().getPage(authorizationRequest.toURL());
        GuestpassTestResources.microsoft().signInNextAs(LocalMicrosoftAccount.Account.of(email));
        return providers.getAnchorByHref("/signin/msa").click();
    }

    public static Page press(HtmlPage page, String label) throws IOException {
        for (HtmlForm form : page.getForms()) {
            for (HtmlButton button : form.getElementsByTagName("button").stream().map(HtmlButton.class::cast).toList()) {
                if (button.asNormalizedText().equals(label)) {
                    return button.click();
                }
            }
        }
        throw new AssertionError("no button '" + label + "' on " + page.asNormalizedText());
    }

    /** The parameters the application received at its redirect URI (query or fragment). */
    public static Map<String, String> received(Page atApplication) {
        URI uri = URI.create(atApplication.getUrl().toString());
        String raw = uri.getRawFragment() != null ? uri.getRawFragment() : uri.getRawQuery();
        Map<String, String> values = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    public TokenResponse exchange(String code, String clientId, String secret, String redirectUri, boolean pkce) throws Exception {
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(redirectUri),
                pkce ? verifier : null);
        TokenRequest request = secret == null ? new TokenRequest(local(TOKEN), new ClientID(clientId), grant)
                : new TokenRequest(local(TOKEN), new ClientSecretBasic(new ClientID(clientId), new Secret(secret)), grant);
        HTTPResponse response = request.toHTTPRequest().send();
        return com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser.parse(response);
    }

    /** A public URL of Guestpass as reached from the test (the mock event server on loopback). */
    public static URI local(URI publicUri) {
        return URI.create("http://localhost:" + RestAssured.port + publicUri.toString().substring(GuestpassTestResources.PUBLIC_BASE_URL.length()));
    }

    public static ResponseMode mode(String value) {
        return new ResponseMode(value);
    }
}
