package io.guestpass.oidc;

import io.guestpass.federation.SignInRoundTrip;
import io.guestpass.passcode.EmailPasscodeProvider;
import io.guestpass.passcode.PasscodePaths;
import io.guestpass.passcode.PasscodeSignIn;
import io.guestpass.web.Languages;
import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcSession;
import io.quarkus.oidc.UserInfo;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
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

import java.util.Locale;

/**
 * The app sign-in journey's pages: {@code /signin/<provider>} (the round trip, protected by that provider's sign-in
 * tenant; {@code /signin/passcode} is the email passcode's pages, a literal path that wins over the template), its
 * callback, and the forms of the inline invitation acceptance ({@code accept}, {@code cancel}).
 */
@Path(SignInPages.PATH)
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
    SignInJourney journey;

    @Inject
    SignInPages pages;

    @Inject
    AuthorizationResponses responses;

    @GET
    @Path("{provider}")
    @Authenticated
    public Uni<Response> signedIn(@PathParam("provider") String tenant, @CookieParam(SignInPages.COOKIE) String sealed,
            @HeaderParam("Accept-Language") String language) {
        return roundTrip.complete(journey, tenant, sealed, idToken, userInfo, oidcSession, language);
    }

    @Inject
    PasscodeSignIn passcode;

    /** The email passcode's pages (a literal path: it wins over the provider template). */
    @Path(EmailPasscodeProvider.SEGMENT)
    public PasscodePaths passcode() {
        return new PasscodePaths(passcode, journey);
    }

    @GET
    @Path("callback")
    @Authenticated
    public Uni<Response> callback(@CookieParam(SignInPages.COOKIE) String sealed, @HeaderParam("Accept-Language") String language) {
        return roundTrip.completeAtCallback(journey, sealed, idToken, userInfo, oidcSession, language);
    }

    @POST
    @Path("accept")
    public Uni<Response> accept(@CookieParam(SignInPages.COOKIE) String sealed, @FormParam("csrf") String csrf,
            @HeaderParam("Accept-Language") String language) {
        Locale locale = Languages.forPage(language, null);
        return pages.cookie().open(sealed).filter(state -> state.acceptsForm(csrf))
                .map(state -> journey.accept(state, locale))
                .orElseGet(() -> Uni.createFrom().item(pages.stateExpired(locale)));
    }

    /** The person goes back to the application without signing in: it learns access_denied (with its state). */
    @POST
    @Path("cancel")
    public Response cancel(@CookieParam(SignInPages.COOKIE) String sealed, @FormParam("csrf") String csrf,
            @HeaderParam("Accept-Language") String language) {
        Locale locale = Languages.forPage(language, null);
        return pages.cookie().open(sealed).filter(state -> state.acceptsForm(csrf))
                .map(state -> responses.error(state.payload().redirectUri(), state.payload().responseMode(), state.payload().state(),
                        "access_denied", "the person did not sign in", locale, pages.cookie().clear()))
                .orElseGet(() -> pages.stateExpired(locale));
    }

    @GET
    @Path("error")
    public Response providerError(@HeaderParam("Accept-Language") String language) {
        return pages.providerFailed(Languages.forPage(language, null), false);
    }
}
