package io.guestpass.signup;

import io.guestpass.federation.SignInRoundTrip;
import io.guestpass.passcode.EmailPasscodeProvider;
import io.guestpass.passcode.PasscodePaths;
import io.guestpass.passcode.PasscodeSignIn;
import io.guestpass.oidc.AuthorizationRequests;
import io.guestpass.oidc.AuthorizationResponses;
import io.guestpass.web.Languages;
import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcSession;
import io.quarkus.oidc.UserInfo;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sign-up journey's pages: {@code /signup/{userFlowId}} (the entry for applications that link to it, with their
 * authorization request), the provider round trip ({@code /signup/provider/<provider>} and its callback; the email passcode's
 * pages at {@code /signup/provider/passcode}), the proof of an address no provider verified ({@code /signup/address}) and the
 * attribute form.
 */
@Path(SignUpPages.PATH)
@Produces(MediaType.TEXT_HTML)
public class SignUpResource {

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
    SignUpJourney journey;

    @Inject
    SignUpPages pages;

    @Inject
    AuthorizationRequests requests;

    @Inject
    AuthorizationResponses responses;

    @Inject
    BackEndSignUp backEnd;

    /**
     * An application's link to its flow: {@code client_id} and {@code redirect_uri} (registered for it) are required; the
     * rest of an authorization request may come along (response_type defaults to code, scope to openid), and the code the
     * sign-up ends with answers it.
     */
    @GET
    @Path("{userFlowId: B2X_1_[A-Za-z0-9_-]{1,64}}")
    public Uni<Response> start(@PathParam("userFlowId") String userFlowId, @Context UriInfo uri,
            @HeaderParam("Accept-Language") String language) {
        Locale locale = Languages.forPage(language, null);
        MultivaluedMap<String, String> params = new MultivaluedHashMap<>(uri.getQueryParameters());
        params.putIfAbsent("response_type", List.of("code"));
        params.putIfAbsent("scope", List.of("openid"));
        return requests.check(params).chain(check -> {
            if (check instanceof AuthorizationRequests.Valid valid) {
                return journey.start(userFlowId, valid.request(), locale);
            }
            if (check instanceof AuthorizationRequests.Refused refused) {
                return Uni.createFrom().item(responses.error(refused.redirectUri(), refused.responseMode(), refused.state(),
                        refused.error(), refused.description(), locale));
            }
            return Uni.createFrom().item(pages.badRequest(((AuthorizationRequests.Invalid) check).reason(), locale));
        });
    }

    /** The back-end API: a back end that holds the person's Microsoft-account ID token signs them up in one call (JSON). */
    @POST
    @Path("{userFlowId: B2X_1_[A-Za-z0-9_-]{1,64}}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> signUpFromBackEnd(@PathParam("userFlowId") String userFlowId, @HeaderParam("Authorization") String authorization,
            BackEndSignUp.Request request) {
        return backEnd.signUp(userFlowId, authorization, request);
    }

    @GET
    @Path("provider/{provider}")
    @Authenticated
    public Uni<Response> signedIn(@PathParam("provider") String tenant, @CookieParam(SignUpPages.COOKIE) String sealed,
            @HeaderParam("Accept-Language") String language) {
        return roundTrip.complete(journey, tenant, sealed, idToken, userInfo, oidcSession, language);
    }

    @Inject
    PasscodeSignIn passcode;

    /** The email passcode's pages (a literal path: it wins over the provider template). */
    @Path("provider/" + EmailPasscodeProvider.SEGMENT)
    public PasscodePaths passcode() {
        return new PasscodePaths(passcode, journey);
    }

    @Inject
    AddressProof addressProof;

    /** Proving with a code an address no provider verified, for the identity the sign-up holds (the passcode's pages). */
    @Path("address")
    public PasscodePaths address() {
        return new PasscodePaths(passcode, addressProof);
    }

    @GET
    @Path("callback")
    @Authenticated
    public Uni<Response> callback(@CookieParam(SignUpPages.COOKIE) String sealed, @HeaderParam("Accept-Language") String language) {
        return roundTrip.completeAtCallback(journey, sealed, idToken, userInfo, oidcSession, language);
    }

    @POST
    @Path("attributes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> attributes(@CookieParam(SignUpPages.COOKIE) String sealed, MultivaluedMap<String, String> form,
            @HeaderParam("Accept-Language") String language) {
        Locale locale = Languages.forPage(language, null);
        List<String> csrf = form.get(io.guestpass.web.Csrf.FIELD);
        return pages.cookie().open(sealed).filter(state -> csrf != null && csrf.size() == 1 && state.acceptsForm(csrf.get(0)))
                .map(state -> journey.submitted(state, values(form), language))
                .orElseGet(() -> Uni.createFrom().item(pages.stateExpired(locale)));
    }

    @GET
    @Path("error")
    public Response providerError(@HeaderParam("Accept-Language") String language) {
        return pages.providerFailed(Languages.forPage(language, null), false);
    }

    private static Map<String, List<String>> values(MultivaluedMap<String, String> form) {
        Map<String, List<String>> values = new LinkedHashMap<>(form);
        values.remove(io.guestpass.web.Csrf.FIELD);
        return values;
    }
}
