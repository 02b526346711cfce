package io.guestpass.oidc;

import io.guestpass.federation.JourneyState;
import io.guestpass.web.Languages;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
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
 * request starts the sign-in journey: its sealed state holds the request, and the person picks an identity provider.
 */
@Path("/{tenant}/oauth2/v2.0/authorize")
@Produces(MediaType.TEXT_HTML)
public class AuthorizeResource {

    private final Tenants tenants;
    private final AuthorizationRequests requests;
    private final AuthorizationResponses responses;
    private final SignInPages pages;
    private final Clock clock;

    AuthorizeResource(Tenants tenants, AuthorizationRequests requests, AuthorizationResponses responses, SignInPages pages, Clock clock) {
        this.tenants = tenants;
        this.requests = requests;
        this.responses = responses;
        this.pages = pages;
        this.clock = clock;
    }

    @GET
    public Uni<Response> get(@PathParam("tenant") String tenant, @Context UriInfo uri, @HeaderParam("Accept-Language") String language) {
        return authorize(tenant, uri.getQueryParameters(), language);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> post(@PathParam("tenant") String tenant, MultivaluedMap<String, String> form,
            @HeaderParam("Accept-Language") String language) {
        return authorize(tenant, form, language);
    }

    private Uni<Response> authorize(String tenant, MultivaluedMap<String, String> params, String language) {
        Locale locale = Languages.forPage(language, null);
        if (!tenants.isOurs(tenant)) {
            return Uni.createFrom().item(pages.badRequest("unknown tenant", locale));
        }
        return requests.check(params).map(check -> {
            if (check instanceof AuthorizationRequests.Valid valid) {
                return pages.start(valid.application().displayName, locale,
                        pages.write(JourneyState.start(valid.request(), clock.instant(), SignInPages.LIFETIME)));
            }
            if (check instanceof AuthorizationRequests.Refused refused) {
                return responses.error(refused.redirectUri(), refused.responseMode(), refused.state(), refused.error(),
                        refused.description(), locale);
            }
            return pages.badRequest(((AuthorizationRequests.Invalid) check).reason(), locale);
        });
    }
}
