package io.guestpass.oidc;

import io.guestpass.federation.JourneyState;
import io.guestpass.federation.SsoSessions;
import io.guestpass.web.Languages;
import io.smallrye.mutiny.Uni;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Clock;
import java.util.Locale;

/**
 * The authorization endpoint, {@code /{tenant}/oauth2/v2.0/authorize} (GET and POST, OpenID Connect Core §3.1.2.1). A valid
 * request from a browser with a live SSO session gets its code at once; otherwise the sign-in journey starts (its sealed
 * state holds the request) and the person picks an identity provider. {@code prompt=none} never shows a page.
 */
@Path("/{tenant}/oauth2/v2.0/authorize")
@Produces(MediaType.TEXT_HTML)
public class AuthorizeResource {

    private final Tenants tenants;
    private final AuthorizationRequests requests;
    private final AuthorizationResponses responses;
    private final SignInPages pages;
    private final SsoSessions sessions;
    private final Codes codes;
    private final SignUpEntry signUp;
    private final Clock clock;

    AuthorizeResource(Tenants tenants, AuthorizationRequests requests, AuthorizationResponses responses, SignInPages pages,
            SsoSessions sessions, Codes codes, SignUpEntry signUp, Clock clock) {
        this.tenants = tenants;
        this.requests = requests;
        this.responses = responses;
        this.pages = pages;
        this.sessions = sessions;
        this.codes = codes;
        this.signUp = signUp;
        this.clock = clock;
    }

    @GET
    public Uni<Response> get(@PathParam("tenant") String tenant, @Context UriInfo uri, @HeaderParam("Accept-Language") String language,
            @CookieParam(SsoSessions.COOKIE) String session) {
        return authorize(tenant, uri.getQueryParameters(), language, session);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> post(@PathParam("tenant") String tenant, MultivaluedMap<String, String> form,
            @HeaderParam("Accept-Language") String language, @CookieParam(SsoSessions.COOKIE) String session) {
        return authorize(tenant, form, language, session);
    }

    private Uni<Response> authorize(String tenant, MultivaluedMap<String, String> params, String language, String session) {
        Locale locale = Languages.forPage(language, null);
        if (!tenants.isOurs(tenant)) {
            return Uni.createFrom().item(pages.badRequest("unknown tenant", locale));
        }
        return requests.check(params).chain(check -> {
            if (check instanceof AuthorizationRequests.Valid valid) {
                return sessions.current(session).chain(active -> withSession(valid, active, locale));
            }
            if (check instanceof AuthorizationRequests.Refused refused) {
                return Uni.createFrom().item(responses.error(refused.redirectUri(), refused.responseMode(), refused.state(),
                        refused.error(), refused.description(), locale));
            }
            return Uni.createFrom().item(pages.badRequest(((AuthorizationRequests.Invalid) check).reason(), locale));
        });
    }

    /**
     * A live session that the request does not ask to re-prove signs the guest in at once. prompt=login, an auth_time older
     * than max_age and prompt=select_account go to the provider; prompt=none never does (OpenID Connect Core §3.1.2.6).
     * prompt=create starts the sign-up of the application's user flow (Initiating User Registration via OpenID Connect).
     */
    private Uni<Response> withSession(AuthorizationRequests.Valid valid, SsoSessions.Active active, Locale locale) {
        AuthorizationRequest request = valid.request();
        String prompt = request.prompt();
        if ("create".equals(prompt)) {
            return signUp.start(request, locale);
        }
        boolean fresh = "login".equals(prompt)
                || (request.maxAge() != null && active != null && !active.session().authenticatedWithin(request.maxAge(), clock.instant()));
        if ("none".equals(prompt)) {
            return active == null || fresh
                    ? Uni.createFrom().item(refuse(request, "login_required", "the person has to sign in", locale))
                    : codes.issue(request, active, locale);
        }
        if (active != null && !fresh && !"select_account".equals(prompt)) {
            return codes.issue(request, active, locale);
        }
        return pages.start(valid.application().displayName, locale,
                pages.write(JourneyState.start(request, clock.instant(), SignInPages.LIFETIME)));
    }

    private Response refuse(AuthorizationRequest request, String error, String description, Locale locale) {
        return responses.error(request.redirectUri(), request.responseMode(), request.state(), error, description, locale);
    }
}
