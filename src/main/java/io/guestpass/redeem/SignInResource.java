package io.guestpass.redeem;

import io.guestpass.federation.SignInRoundTrip;
import io.guestpass.passcode.EmailPasscodeProvider;
import io.guestpass.passcode.PasscodePaths;
import io.guestpass.passcode.PasscodeSignIn;
import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcSession;
import io.quarkus.oidc.UserInfo;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Redemption's end of the identity-provider round trip. {@code /redeem/signin/<tenant>} is protected by that quarkus-oidc
 * tenant: the first visit redirects to the provider, the provider returns to {@code /redeem/callback}, quarkus-oidc
 * validates the ID token fully and brings the person back here; {@link SignInRoundTrip} does the rest. The email passcode
 * has pages of its own at {@code /redeem/signin/passcode} (a literal path: it wins over the tenant template).
 */
@Path("/redeem")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    @Inject
    @IdToken
    JsonWebToken idToken;

    /** The provider's user info where its tenant asks for it (Facebook's Graph /me); empty otherwise. */
    @Inject
    UserInfo userInfo;

    @Inject
    OidcSession oidcSession;

    @Inject
    SignInRoundTrip roundTrip;

    @Inject
    RedeemJourney journey;

    @GET
    @Path("signin/{provider}")
    @Authenticated
    public Uni<Response> signedIn(@PathParam("provider") String tenant, @CookieParam(RedeemFlow.COOKIE) String sealed,
            @HeaderParam("Accept-Language") String language) {
        return roundTrip.complete(journey, tenant, sealed, idToken, userInfo, oidcSession, language);
    }

    @Inject
    PasscodeSignIn passcode;

    /** The email passcode's pages (a literal path: it wins over the provider template). */
    @Path("signin/" + EmailPasscodeProvider.SEGMENT)
    public PasscodePaths passcode() {
        return new PasscodePaths(passcode, journey);
    }

    /** The redirect URI; quarkus-oidc normally sends the person on to the original path before this runs. */
    @GET
    @Path("callback")
    @Authenticated
    public Uni<Response> callback(@CookieParam(RedeemFlow.COOKIE) String sealed, @HeaderParam("Accept-Language") String language) {
        return roundTrip.complete(journey, oidcSession.getTenantId(), sealed, idToken, userInfo, oidcSession, language);
    }
}
