package io.guestpass.oidc;

import io.guestpass.federation.IdentityProvider;
import io.guestpass.federation.IdentityProviders;
import io.guestpass.federation.JourneyState;
import io.guestpass.web.Page;
import io.guestpass.web.PageRenderer;
import io.guestpass.web.SealedCookie;
import io.guestpass.web.SealedCookies;
import io.guestpass.web.Texts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which page each situation of an application sign-in shows, and the journey's sealed state (cookie {@value #COOKIE}). */
@ApplicationScoped
public class SignInPages {

    public static final String COOKIE = "gp_signin";
    public static final String PATH = "/signin";
    static final Duration LIFETIME = Duration.ofMinutes(30);

    private final PageRenderer pages;
    private final SignInProblems problems;
    private final IdentityProviders providers;
    private final SealedCookie<JourneyState<AuthorizationRequest>> cookie;

    SignInPages(PageRenderer pages, SignInProblems problems, IdentityProviders providers, SealedCookies cookies) {
        this.pages = pages;
        this.problems = problems;
        this.providers = providers;
        this.cookie = cookies.named(COOKIE, PATH, cookies.typeOf(JourneyState.class, AuthorizationRequest.class));
    }

    SealedCookie<JourneyState<AuthorizationRequest>> cookie() {
        return cookie;
    }

    NewCookie write(JourneyState<AuthorizationRequest> state) {
        return cookie.write(state, state.expiresAtEpochSecond());
    }

    /** The provider page: one button per offered identity provider (built-in and configured). */
    io.smallrye.mutiny.Uni<Response> start(String application, Locale locale, NewCookie state) {
        SignInTexts t = texts(locale);
        return providers.offered().map(offered -> {
            List<Page.Action> buttons = new ArrayList<>();
            for (IdentityProvider provider : offered) {
                buttons.add(Page.Action.link(provider.buttonLabel(locale), PATH + "/" + provider.tenant(), buttons.isEmpty()));
            }
            return pages.respond(new Page(200, t.startHeading(application), List.of(t.startBody(pages.organization(), application)),
                    buttons, null), locale, state);
        });
    }

    /** A request that cannot be answered at any redirect URI. */
    Response badRequest(String reason, Locale locale) {
        return problems.badRequest(reason, locale);
    }

    Response consent(JourneyState<AuthorizationRequest> state, String application, Locale locale) {
        SignInTexts t = texts(locale);
        String organization = pages.organization();
        return pages.respond(new Page(200, t.consentHeading(organization),
                List.of(t.consentBody(String.valueOf(state.identity().email()), organization, application)),
                List.of(Page.Action.form(t.acceptButton(), PATH + "/accept", state.csrf(), true),
                        Page.Action.form(t.cancelButton(), PATH + "/cancel", state.csrf(), false)), null)
                .leadingTo(applicationOrigin(state)), locale, write(state));
    }

    Response noAccess(JourneyState<AuthorizationRequest> state, String application, Locale locale) {
        SignInTexts t = texts(locale);
        String organization = pages.organization();
        return pages.respond(new Page(403, t.noAccessHeading(),
                List.of(t.noAccessBody(organization, PageRenderer.mask(state.identity().email()))),
                List.of(Page.Action.link(t.anotherAccountButton(), PATH + "/" + providers.tenantOf(state.identity().providerId()) + "?" + io.guestpass.federation.Journey.ANOTHER_ACCOUNT + "=1", true),
                        Page.Action.form(t.backButton(application), PATH + "/cancel", state.csrf(), false)), null)
                .leadingTo(applicationOrigin(state)), locale, write(state));
    }

    Response disabled(Locale locale) {
        return problems.disabled(locale, cookie.clear());
    }

    Response stateExpired(Locale locale) {
        return problems.stateExpired(locale, cookie.clear());
    }

    Response refusedAccount(Locale locale) {
        return problems.refusedAccount(locale);
    }

    Response providerFailed(Locale locale, boolean unreachable) {
        return problems.providerFailed(locale, unreachable);
    }

    /**
     * Browsers apply the page's form-action to where a form's answer redirects: the forms here end at the application's
     * redirect URI (code or access_denied), so its origin must be allowed besides our own.
     */
    private static String applicationOrigin(JourneyState<AuthorizationRequest> state) {
        return PageRenderer.origin(state.payload().redirectUri());
    }

    static SignInTexts texts(Locale locale) {
        return Texts.in(SignInTexts.class, locale);
    }
}
