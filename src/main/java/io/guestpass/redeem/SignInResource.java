package io.guestpass.redeem;

import io.guestpass.federation.SignInRoundTrip;
import io.guestpass.passcode.EmailPasscodeProvider;
import io.guestpass.passcode.PasscodePages;
import io.guestpass.passcode.PasscodeSignIn;
import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
        return roundTrip.complete(journey, tenant, sealed, idToken, oidcSession, language);
    }

    @Inject
    PasscodeSignIn passcode;

    @GET
    @Path("signin/" + EmailPasscodeProvider.SEGMENT)
    public Uni<Response> passcodeAddress(@CookieParam(RedeemFlow.COOKIE) String sealed, @HeaderParam("Accept-Language") String language) {
        return passcode.addressPage(journey, sealed, language);
    }

    @POST
    @Path("signin/" + EmailPasscodeProvider.SEGMENT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> passcodeSend(@CookieParam(RedeemFlow.COOKIE) String sealed, @CookieParam(PasscodePages.COOKIE) String challenge,
            @FormParam("csrf") String csrf, @HeaderParam("Accept-Language") String language) {
        return passcode.send(journey, sealed, challenge, csrf, null, language);
    }

    @GET
    @Path("signin/" + EmailPasscodeProvider.SEGMENT + "/verify")
    public Uni<Response> passcodeCode(@CookieParam(RedeemFlow.COOKIE) String sealed, @CookieParam(PasscodePages.COOKIE) String challenge,
            @HeaderParam("Accept-Language") String language) {
        return passcode.codePage(journey, sealed, challenge, language);
    }

    @POST
    @Path("signin/" + EmailPasscodeProvider.SEGMENT + "/verify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> passcodeVerify(@CookieParam(RedeemFlow.COOKIE) String sealed, @CookieParam(PasscodePages.COOKIE) String challenge,
            @FormParam("csrf") String csrf, @FormParam("code") String code, @HeaderParam("Accept-Language") String language) {
        return passcode.verify(journey, sealed, challenge, csrf, code, language);
    }

    /** The redirect URI; quarkus-oidc normally sends the person on to the original path before this runs. */
    @GET
    @Path("callback")
    @Authenticated
    public Uni<Response> callback(@CookieParam(RedeemFlow.COOKIE) String sealed, @HeaderParam("Accept-Language") String language) {
        return roundTrip.complete(journey, oidcSession.getTenantId(), sealed, idToken, oidcSession, language);
    }
}
