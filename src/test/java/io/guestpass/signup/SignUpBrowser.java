package io.guestpass.signup;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.guestpass.devmode.LocalMicrosoftAccount;
import io.guestpass.fixtures.Browser;
import io.guestpass.fixtures.GuestpassTestResources;
import io.guestpass.oidc.AppSignIn;
import io.guestpass.oidc.Applications;
import org.htmlunit.html.HtmlPage;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** An application's sign-up in a browser: its request with prompt=create, the provider page, the code exchange. */
final class SignUpBrowser {

    private SignUpBrowser() {
    }

    /** The application's authorization request with prompt=create. */
    static URI create(Applications.Registered app, AppSignIn flow) throws Exception {
        return flow.request(app.clientId(), AppSignIn.CALLBACK, false).customParameter("prompt", "create").build().toURI();
    }

    /** Opens the request, picks the Microsoft account on the sign-up's provider page and signs in as {@code email}. */
    static HtmlPage signUp(Browser browser, URI request, String email) throws Exception {
        HtmlPage providers = browser.client().getPage(request.toURL());
        assertTrue(providers.getWebResponse().getContentAsString().contains("href=\"/signup/provider/msa\""), providers.asNormalizedText());
        GuestpassTestResources.microsoft().signInNextAs(LocalMicrosoftAccount.Account.of(email));
        return providers.getAnchorByHref("/signup/provider/msa").click();
    }

    /** The code exchanged by the application, and its ID token verified as the application would. */
    static JWTClaimsSet exchanged(Applications.Registered app, AppSignIn flow, String code) throws Exception {
        TokenResponse response = flow.exchange(code, app.clientId(), app.secret(), AppSignIn.CALLBACK, false);
        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toJSONObject().toString());
        OIDCTokenResponse tokens = (OIDCTokenResponse) response.toSuccessResponse();
        return new IDTokenValidator(new Issuer(AppSignIn.ISSUER), new ClientID(app.clientId()), JWSAlgorithm.RS256,
                AppSignIn.local(AppSignIn.KEYS).toURL()).validate(tokens.getOIDCTokens().getIDToken(), flow.nonce).toJWTClaimsSet();
    }
}
