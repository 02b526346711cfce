package io.guestpass.signup;

import io.guestpass.federation.IdentityProvider;
import io.guestpass.federation.IdentityProviders;
import io.guestpass.federation.Journey;
import io.guestpass.federation.JourneyState;
import io.guestpass.oidc.SignInProblems;
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
import java.util.Map;

/** Which page each situation of a sign-up shows, and the journey's sealed state (cookie {@value #COOKIE}). */
@ApplicationScoped
public class SignUpPages {

    public static final String COOKIE = "gp_signup";
    public static final String PATH = "/signup";
    static final String PROVIDER_PATH = PATH + "/provider";
    static final String ATTRIBUTES_PATH = PATH + "/attributes";
    /** Where a person proves with a code an address no provider verified (the passcode pages, under this path). */
    static final String ADDRESS_PATH = PATH + "/address";
    static final Duration LIFETIME = Duration.ofMinutes(30);

    private final PageRenderer pages;
    private final SignInProblems problems;
    private final IdentityProviders providers;
    private final SealedCookie<JourneyState<SignUpRequest>> cookie;

    SignUpPages(PageRenderer pages, SignInProblems problems, IdentityProviders providers, SealedCookies cookies) {
        this.pages = pages;
        this.problems = problems;
        this.providers = providers;
        this.cookie = cookies.named(COOKIE, PATH, cookies.typeOf(JourneyState.class, SignUpRequest.class));
    }

    SealedCookie<JourneyState<SignUpRequest>> cookie() {
        return cookie;
    }

    NewCookie write(JourneyState<SignUpRequest> state) {
        return cookie.write(state, state.expiresAtEpochSecond());
    }

    /** The provider page: the flow's providers, Microsoft account first. */
    Response start(SignUpFlow flow, Locale locale, NewCookie state) {
        SignUpTexts t = texts(locale);
        String application = flow.application().displayName;
        List<Page.Action> buttons = new ArrayList<>();
        for (IdentityProvider provider : flow.providers()) {
            buttons.add(Page.Action.link(provider.buttonLabel(locale), PROVIDER_PATH + "/" + provider.tenant(), buttons.isEmpty()));
        }
        return pages.respond(new Page(200, t.startHeading(application), List.of(t.startBody(pages.organization(), application)),
                buttons, null), locale, state);
    }

    /** The attribute page, with the values to show, the errors per field and a problem of the whole form (or null). */
    Response attributes(JourneyState<SignUpRequest> state, SignUpFlow flow, Map<String, List<String>> values, Map<String, String> errors,
            String problem, Locale locale) {
        SignUpTexts t = texts(locale);
        String organization = pages.organization();
        String address = state.identity().verifiedAddress().map(a -> a.value()).orElse("");
        Page.Form form = Page.Form.of(ATTRIBUTES_PATH, state.csrf(), new AttributeForm(flow, t).inputs(values, errors, address),
                t.errorSummaryHeading(), problem, t.signUpButton(), t.consentNotice(organization));
        int status = errors.isEmpty() && problem == null ? 200 : 400;
        return pages.respond(new Page(status, t.attributesHeading(organization), List.of(t.attributesBody(address)), List.of(), null)
                .withForm(form).leadingTo(PageRenderer.origin(state.payload().authorization().redirectUri())), locale, write(state));
    }

    Response switchedOff(Locale locale) {
        SignUpTexts t = texts(locale);
        return pages.respond(Page.of(403, t.switchedOffHeading(), t.switchedOffBody(pages.organization())), locale, cookie.clear());
    }

    Response noFlow(Locale locale) {
        SignUpTexts t = texts(locale);
        return pages.respond(Page.of(404, t.noFlowHeading(), t.noFlowBody(pages.organization())), locale, cookie.clear());
    }

    /** A connector's ShowBlockPage: its message (escaped like every value on a page) ends the sign-up. */
    Response blocked(String message, Locale locale) {
        return pages.respond(Page.of(403, texts(locale).blockedHeading(), message), locale, cookie.clear());
    }

    Response connectorFailed(Locale locale) {
        SignUpTexts t = texts(locale);
        return pages.respond(Page.of(502, t.connectorFailedHeading(), t.connectorFailedBody(pages.organization())), locale,
                cookie.clear());
    }

    /** The provider vouched for no address: the person proves one with a code (post-redirect-get to the address page). */
    Response proveAddress(JourneyState<SignUpRequest> state) {
        return pages.seeOther(ADDRESS_PATH, write(state));
    }

    /** The address is another guest's: never merged; the person is told which provider that guest signs in with, if known. */
    Response addressTaken(JourneyState<SignUpRequest> state, java.util.Optional<String> provider, Locale locale) {
        SignUpTexts t = texts(locale);
        String address = PageRenderer.mask(state.identity().email());
        return pages.respond(Page.of(409, t.addressTakenHeading(), provider
                        .map(name -> t.addressTakenByBody(address, pages.organization(), name))
                        .orElseGet(() -> t.addressTakenBody(address, pages.organization())), anotherAccount(state, t)),
                locale, withoutIdentity(state));
    }

    Response badRequest(String reason, Locale locale) {
        return problems.badRequest(reason, locale, cookie.clear());
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

    /** Back to the same provider's account picker, for the same sign-up. */
    private Page.Action anotherAccount(JourneyState<SignUpRequest> state, SignUpTexts t) {
        String tenant = providers.tenantOf(state.identity().providerId());
        return Page.Action.link(t.anotherAccountButton(), PROVIDER_PATH + "/" + tenant + "?" + Journey.ANOTHER_ACCOUNT + "=1", true);
    }

    /** The sign-up goes on with another account: its state without the refused identity, so that no form accepts it. */
    private NewCookie withoutIdentity(JourneyState<SignUpRequest> state) {
        return write(new JourneyState<>(state.csrf(), state.expiresAtEpochSecond(), null, state.payload()));
    }

    static SignUpTexts texts(Locale locale) {
        return Texts.in(SignUpTexts.class, locale);
    }
}
