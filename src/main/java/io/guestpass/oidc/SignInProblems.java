package io.guestpass.oidc;

import io.guestpass.web.Page;
import io.guestpass.web.PageRenderer;
import io.guestpass.web.Texts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.Locale;

/**
 * The pages every journey that signs a person in to an application shows alike (app sign-in and sign-up): a request that
 * cannot be answered, a blocked account, an expired page, a refused account, a provider that failed. Each journey passes
 * the cookie that ends its own state.
 */
@ApplicationScoped
public class SignInProblems {

    private final PageRenderer pages;

    SignInProblems(PageRenderer pages) {
        this.pages = pages;
    }

    /** A request that cannot be answered at any redirect URI. */
    public Response badRequest(String reason, Locale locale, NewCookie... cookies) {
        SignInTexts t = texts(locale);
        return pages.respond(Page.of(400, t.badRequestHeading(), t.badRequestBody(reason)), locale, cookies);
    }

    public Response disabled(Locale locale, NewCookie... cookies) {
        SignInTexts t = texts(locale);
        return pages.respond(Page.of(403, t.disabledHeading(), t.disabledBody(pages.organization())), locale, cookies);
    }

    public Response stateExpired(Locale locale, NewCookie... cookies) {
        SignInTexts t = texts(locale);
        return pages.respond(Page.of(400, t.stateExpiredHeading(), t.stateExpiredBody()), locale, cookies);
    }

    public Response refusedAccount(Locale locale) {
        SignInTexts t = texts(locale);
        return pages.respond(Page.of(403, t.refusedHeading(), t.refusedBody()), locale);
    }

    public Response providerFailed(Locale locale, boolean unreachable) {
        SignInTexts t = texts(locale);
        return pages.respond(Page.of(unreachable ? 503 : 401, t.providerHeading(), t.providerBody()), locale,
                unreachable ? Duration.ofSeconds(60) : null);
    }

    private static SignInTexts texts(Locale locale) {
        return Texts.in(SignInTexts.class, locale);
    }
}
