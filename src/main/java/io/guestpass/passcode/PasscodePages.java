package io.guestpass.passcode;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The passcode pages of every journey, under {@code <journey's sign-in path>/passcode}: the address (or, when the journey
 * knows it, a "Send code" button), then the code. Errors stand beside the field and in the summary above the form.
 */
@ApplicationScoped
public class PasscodePages {

    public static final String COOKIE = "gp_passcode";
    static final String ADDRESS_FIELD = "email";
    static final String CODE_FIELD = "code";

    private final PageRenderer pages;
    private final SealedCookies cookies;
    private final Map<String, SealedCookie<ChallengeReference>> challengeCookies = new ConcurrentHashMap<>();

    PasscodePages(PageRenderer pages, SealedCookies cookies) {
        this.pages = pages;
        this.cookies = cookies;
    }

    static String base(PasscodeJourney<?> journey) {
        return journey.passcodePath();
    }

    /** The challenge cookie of a journey: only its passcode pages ever see it. */
    SealedCookie<ChallengeReference> challengeCookie(PasscodeJourney<?> journey) {
        return challengeCookies.computeIfAbsent(journey.name(), name -> cookies.named(COOKIE, base(journey), ChallengeReference.class));
    }

    /** Where the person types their address ({@code problem}: what is wrong with the whole page, or null). */
    <P> Response address(PasscodeJourney<P> journey, JourneyState<P> state, String typed, String error, String problem, Locale locale,
            NewCookie... set) {
        PasscodeTexts t = texts(locale);
        PasscodePrompt prompt = journey.addressPrompt(state, t, pages.organization());
        Page.Input input = new Page.Input(ADDRESS_FIELD, t.addressLabel(), "email", typed == null ? List.of() : List.of(typed), List.of(),
                false, false, error, null);
        Page.Form form = Page.Form.of(base(journey), state.csrf(), List.of(input), t.errorSummaryHeading(), problem, t.sendButton(), null);
        return pages.respond(new Page(status(error, problem), prompt.heading(), List.of(prompt.body()),
                List.of(), null).withForm(form), locale, set);
    }

    /** The journey knows the address: a button sends the code there. */
    Response fixedAddress(PasscodeJourney<?> journey, JourneyState<?> state, String address, String problem, Locale locale,
            NewCookie... set) {
        PasscodeTexts t = texts(locale);
        List<String> paragraphs = new ArrayList<>();
        if (problem != null) {
            paragraphs.add(problem);
        }
        paragraphs.add(t.fixedBody(address));
        return pages.respond(new Page(problem == null ? 200 : 400, t.fixedHeading(), paragraphs,
                List.of(Page.Action.form(t.sendButton(), base(journey), state.csrf(), true)), null), locale, set);
    }

    /** Where the person types the code; a new code can be asked for, and (when they typed it) another address used. */
    Response code(PasscodeJourney<?> journey, JourneyState<?> state, ChallengeReference challenge, boolean addressFixed, String error,
            Locale locale, NewCookie... set) {
        PasscodeTexts t = texts(locale);
        Page.Input input = new Page.Input(CODE_FIELD, t.codeLabel(), "number", List.of(), List.of(), false, false, error, null);
        Page.Form form = Page.Form.of(base(journey) + "/verify", state.csrf(), List.of(input), t.errorSummaryHeading(), null,
                t.continueButton(), null);
        List<Page.Action> actions = new ArrayList<>(List.of(Page.Action.form(t.newCodeButton(), base(journey), state.csrf(), false)));
        if (!addressFixed) {
            actions.add(Page.Action.link(t.otherAddressLink(), base(journey), false));
        }
        return pages.respond(new Page(status(error, null), t.codeHeading(),
                List.of(t.codeBody(challenge.address(), io.guestpass.directory.PasscodeChallenge.LIFETIME.toMinutes())), actions, null)
                .withForm(form), locale, set);
    }

    Response throttled(Locale locale, Duration retryAfter) {
        PasscodeTexts t = texts(locale);
        return pages.respond(Page.of(429, t.throttledHeading(), t.throttledBody()), locale, retryAfter);
    }

    Response notOffered(Locale locale) {
        PasscodeTexts t = texts(locale);
        return pages.respond(Page.of(403, t.notOfferedHeading(), t.notOfferedBody()), locale);
    }

    /** After a code was sent: to the code page (post, redirect, get: reloading it sends nothing). */
    Response toCodePage(PasscodeJourney<?> journey, NewCookie challenge) {
        return pages.seeOther(base(journey) + "/verify", challenge);
    }

    private static int status(String error, String problem) {
        return error == null && problem == null ? 200 : 400;
    }

    static PasscodeTexts texts(Locale locale) {
        return Texts.in(PasscodeTexts.class, locale);
    }
}
