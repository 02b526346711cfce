package io.guestpass.oidc;

import io.guestpass.directory.Application;
import io.guestpass.directory.SsoSession;
import io.guestpass.federation.SsoSessions;
import io.guestpass.web.Languages;
import io.guestpass.web.Page;
import io.guestpass.web.PageRenderer;
import io.guestpass.web.Texts;
import io.quarkus.hibernate.reactive.panache.Panache;
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
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The end-session endpoint, {@code /{tenant}/oauth2/v2.0/logout} (GET and POST, OpenID Connect RP-Initiated Logout 1.0).
 * The browser's SSO session always ends (row revoked, cookie cleared). The applications it signed in to that registered a
 * {@code web.logoutUrl} are told in hidden frames (Front-Channel Logout 1.0, with {@code iss} and {@code sid}); then the
 * person goes back to {@code post_logout_redirect_uri} with {@code state}, but only when it is exactly one of the
 * application's registered redirect URIs and the application is known (client_id, or a valid id_token_hint of ours).
 * Otherwise the page says they are signed out, and why they were not sent back.
 */
@Path("/{tenant}/oauth2/v2.0/logout")
@Produces(MediaType.TEXT_HTML)
public class LogoutResource {

    /** Where the person goes afterwards: a URL, or why not. */
    private record Return(String url, String refusal) {
    }

    private final Tenants tenants;
    private final SigningKeys keys;
    private final SsoSessions sessions;
    private final PageRenderer pages;

    LogoutResource(Tenants tenants, SigningKeys keys, SsoSessions sessions, PageRenderer pages) {
        this.tenants = tenants;
        this.keys = keys;
        this.sessions = sessions;
        this.pages = pages;
    }

    @GET
    public Uni<Response> get(@PathParam("tenant") String tenant, @Context UriInfo uri, @HeaderParam("Accept-Language") String language,
            @CookieParam(SsoSessions.COOKIE) String session) {
        return logout(tenant, uri.getQueryParameters(), language, session);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> post(@PathParam("tenant") String tenant, MultivaluedMap<String, String> form,
            @HeaderParam("Accept-Language") String language, @CookieParam(SsoSessions.COOKIE) String session) {
        return logout(tenant, form, language, session);
    }

    private Uni<Response> logout(String tenant, MultivaluedMap<String, String> params, String language, String session) {
        Locale locale = Languages.forPage(language, null);
        LogoutTexts t = Texts.in(LogoutTexts.class, locale);
        if (!tenants.isOurs(tenant)) {
            return Uni.createFrom().item(pages.respond(Page.of(400, t.badRequestHeading(), t.badRequestBody("unknown tenant")), locale));
        }
        return returnTo(params).chain(target -> sessions.end(session).chain(ended -> frames(ended).map(frames -> {
            if (target.url() != null && frames.isEmpty()) {
                return pages.seeOther(target.url(), sessions.clear());
            }
            List<String> paragraphs = new ArrayList<>(List.of(t.signedOutBody(pages.organization())));
            if (target.refusal() != null) {
                paragraphs.add(t.notReturnedBody(target.refusal()));
            }
            List<Page.Action> actions = target.url() == null ? List.of() : List.of(Page.Action.link(t.continueButton(), target.url(), true));
            return pages.respondWithFrames(new Page(target.refusal() == null ? 200 : 400, t.signedOutHeading(), paragraphs, actions, null),
                    locale, frames, sessions.clear());
        })));
    }

    /** post_logout_redirect_uri, when the application is known and registered it exactly; with the state echoed. */
    private Uni<Return> returnTo(MultivaluedMap<String, String> params) {
        for (String name : List.of("id_token_hint", "client_id", "post_logout_redirect_uri", "state")) {
            if (params.get(name) != null && params.get(name).size() > 1) {
                return Uni.createFrom().item(new Return(null, name + " appears more than once"));
            }
        }
        String redirect = params.getFirst("post_logout_redirect_uri");
        if (redirect == null || redirect.isEmpty()) {
            return Uni.createFrom().item(new Return(null, null));
        }
        String hint = params.getFirst("id_token_hint");
        String clientId = params.getFirst("client_id");
        String state = params.getFirst("state");
        Uni<String> hinted = hint == null || hint.isEmpty() ? Uni.createFrom().nullItem()
                : keys.verifyHint(hint, tenants.issuer()).map(LogoutResource::audience)
                        .onFailure(SigningKeys.InvalidTokenException.class).recoverWithItem("");
        return hinted.chain(audience -> {
            if ("".equals(audience)) {
                return Uni.createFrom().item(new Return(null, "id_token_hint is not a token this Guestpass issued"));
            }
            if (clientId != null && audience != null && !clientId.equals(audience)) {
                return Uni.createFrom().item(new Return(null, "client_id is not the audience of id_token_hint"));
            }
            String client = clientId != null ? clientId : audience;
            if (client == null) {
                return Uni.createFrom().item(new Return(null, "client_id or id_token_hint is required"));
            }
            return Panache.withSession(() -> Application.findByAppId(client)).map(app -> {
                if (app == null) {
                    return new Return(null, "unknown client_id");
                }
                if (!app.registersExactly(redirect)) {
                    return new Return(null, "post_logout_redirect_uri is not registered");
                }
                return new Return(state == null ? redirect
                        : redirect + (redirect.contains("?") ? "&" : "?") + "state=" + URLEncoder.encode(state, StandardCharsets.UTF_8), null);
            });
        });
    }

    /** The front-channel logout URLs of the applications the ended session signed in to (those that registered one). */
    private Uni<List<String>> frames(SsoSession ended) {
        if (ended == null || ended.clientIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> appIds = ended.clientIds.stream().map(LogoutResource::uuidOrNull).filter(java.util.Objects::nonNull).toList();
        String query = "iss=" + URLEncoder.encode(tenants.issuer(), StandardCharsets.UTF_8) + "&sid=" + ended.id;
        return Panache.withSession(() -> Application.<Application>list("appId in ?1 and webLogoutUrl is not null", appIds))
                .map(apps -> apps.stream().map(app -> app.webLogoutUrl + (app.webLogoutUrl.contains("?") ? "&" : "?") + query).toList());
    }

    private static String audience(JwtClaims claims) {
        try {
            List<String> audience = claims.getAudience();
            return audience.size() == 1 ? audience.get(0) : "";
        } catch (MalformedClaimException e) {
            return "";
        }
    }

    private static UUID uuidOrNull(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
